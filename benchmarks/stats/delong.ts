// DeLong, DeLong & Clarke-Pearson (1988) covariance of correlated AUROCs, computed with the fast algorithm of
// Sun & Xu (2014, IEEE SPL 21:1389): the structural components V₁₀ (per positive) and V₀₁ (per negative) come
// from three mid-rankings per model, O(n log n) instead of the m·n comparisons of the original.
import { degenerate, type Degenerate } from './degenerate.ts';
import { midranks } from './ranks.ts';

export interface DelongComponents {
  defined: true;
  /** AUROC of each score set. */
  aucs: number[];
  /** Covariance matrix of the AUROC estimates: S₁₀/m + S₀₁/n. */
  covariance: number[][];
  positives: number;
  negatives: number;
}

/** AUROCs and their DeLong covariance for several score sets on the same samples (yTrue in {0, 1}). */
export function delongCovariance(
  yTrue: readonly number[],
  scoreSets: ReadonlyArray<readonly number[]>,
): DelongComponents | Degenerate {
  const positiveIndices: number[] = [];
  const negativeIndices: number[] = [];
  yTrue.forEach((label, i) => {
    if (label !== 0 && label !== 1) throw new RangeError(`yTrue[${i}] = ${label} is not a binary label (0 or 1)`);
    (label === 1 ? positiveIndices : negativeIndices).push(i);
  });
  for (const [s, scores] of scoreSets.entries()) {
    if (scores.length !== yTrue.length) throw new RangeError(`score set ${s} has ${scores.length} entries, expected ${yTrue.length}`);
    scores.forEach((v, i) => {
      if (!Number.isFinite(v)) throw new RangeError(`score set ${s}: scores[${i}] = ${v} is not a finite number`);
    });
  }
  const m = positiveIndices.length;
  const n = negativeIndices.length;
  if (m + n === 0) return degenerate('empty', 'no samples');
  if (m === 0 || n === 0) return degenerate('single-class', `${m} positives and ${n} negatives: AUROC needs both`);
  if (m < 2 || n < 2) {
    return degenerate('too-few-samples', `${m} positives and ${n} negatives: the DeLong variance needs at least 2 of each`);
  }
  const components = scoreSets.map((scores) => structuralComponents(scores, positiveIndices, negativeIndices));
  const aucs = components.map(({ v10 }) => mean(v10));
  const k = scoreSets.length;
  const covariance = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let r = 0; r < k; r++) {
    for (let s = r; s < k; s++) {
      const value =
        sampleCovariance(components[r].v10, components[s].v10) / m + sampleCovariance(components[r].v01, components[s].v01) / n;
      covariance[r][s] = value;
      covariance[s][r] = value;
    }
  }
  return { defined: true, aucs, covariance, positives: m, negatives: n };
}

/**
 * V₁₀ᵢ = (fraction of negatives a positive outscores, ties ½) = (T_z − T_x)/n and V₀₁ⱼ = (fraction of positives
 * that outscore a negative) = 1 − (T_z − T_y)/m, with T the mid-ranks within positives (x), negatives (y), all (z).
 */
export function structuralComponents(
  scores: readonly number[],
  positiveIndices: readonly number[],
  negativeIndices: readonly number[],
): { v10: Float64Array; v01: Float64Array } {
  const m = positiveIndices.length;
  const n = negativeIndices.length;
  const positiveScores = Float64Array.from(positiveIndices, (i) => scores[i]);
  const negativeScores = Float64Array.from(negativeIndices, (i) => scores[i]);
  const combined = new Float64Array(m + n);
  combined.set(positiveScores);
  combined.set(negativeScores, m);
  const tx = midranks(positiveScores).ranks;
  const ty = midranks(negativeScores).ranks;
  const tz = midranks(combined).ranks;
  const v10 = new Float64Array(m);
  const v01 = new Float64Array(n);
  for (let i = 0; i < m; i++) v10[i] = (tz[i] - tx[i]) / n;
  for (let j = 0; j < n; j++) v01[j] = 1 - (tz[m + j] - ty[j]) / m;
  return { v10, v01 };
}

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

function sampleCovariance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const meanA = mean(a);
  const meanB = mean(b);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] - meanA) * (b[i] - meanB);
  return sum / (a.length - 1);
}
