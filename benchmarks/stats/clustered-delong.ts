// DeLong's test of two correlated AUROCs when patients contribute several samples (both knees, repeat radiographs):
// Obuchowski's (1997, Biometrics 53:567) nonparametric variance for clustered ROC data. The structural components
// V₁₀ (per positive) and V₀₁ (per negative) are DeLong's; they are summed per cluster i (X_i over its m_i positives,
// Y_i over its n_i negatives) and, with M positives, N negatives, I clusters, I₁₀ of them holding a positive and
// I₀₁ a negative:
//   S₁₀ = I₁₀ / ((I₁₀ − 1) M) · Σ (X_i − m_i θ)²,  S₀₁ = I₀₁ / ((I₀₁ − 1) N) · Σ (Y_i − n_i θ)²,
//   S₁₁ = I / (I − 1) · Σ (X_i − m_i θ)(Y_i − n_i θ),  Var θ = S₁₀/M + S₀₁/N + 2 S₁₁/(M N),
// and the covariance of two models' AUROCs the same way with cross products (S₁₁ twice, once each way). With one
// sample per cluster this is DeLong's variance exactly. Checked against the FDA/DIDSR R implementation
// (doAUCcluster, scripts/fixtures).
import { checkConfidence } from './hypothesis.ts';
import { degenerate, type Degenerate } from './degenerate.ts';
import { waldDifference, type WaldDifference } from './delong-auroc.ts';
import { structuralComponents } from './delong.ts';

export interface ClusteredDelongResult extends WaldDifference {
  method: 'delong-clustered-obuchowski';
  aucA: number;
  aucB: number;
  confidence: number;
  positives: number;
  negatives: number;
  clusters: number;
}

interface ClusterSums {
  /** Σ V₁₀ over the cluster's positives and Σ V₀₁ over its negatives, per model. */
  x: number[];
  y: number[];
  m: number;
  n: number;
}

export function clusteredDelongTest(
  yTrue: readonly number[],
  scoresA: readonly number[],
  scoresB: readonly number[],
  groups: readonly string[],
  options: { confidence?: number } = {},
): ClusteredDelongResult | Degenerate {
  const confidence = checkConfidence(options.confidence ?? 0.95);
  if (groups.length !== yTrue.length || scoresA.length !== yTrue.length || scoresB.length !== yTrue.length) {
    throw new RangeError(`yTrue, scoresA, scoresB and groups differ in length (${yTrue.length}, ${scoresA.length}, ${scoresB.length}, ${groups.length})`);
  }
  const positives: number[] = [];
  const negatives: number[] = [];
  yTrue.forEach((label, i) => {
    if (label !== 0 && label !== 1) throw new RangeError(`yTrue[${i}] = ${label} is not a binary label (0 or 1)`);
    (label === 1 ? positives : negatives).push(i);
  });
  const M = positives.length;
  const N = negatives.length;
  if (M + N === 0) return degenerate('empty', 'no samples');
  if (M === 0 || N === 0) return degenerate('single-class', `${M} positives and ${N} negatives: AUROC needs both`);
  const models = [scoresA, scoresB].map((scores) => structuralComponents(scores, positives, negatives));
  const clusters = new Map<string, ClusterSums>();
  const clusterOf = (i: number): ClusterSums => {
    const key = groups[i];
    let sums = clusters.get(key);
    if (!sums) clusters.set(key, (sums = { x: [0, 0], y: [0, 0], m: 0, n: 0 }));
    return sums;
  };
  positives.forEach((sample, k) => {
    const sums = clusterOf(sample);
    sums.m += 1;
    models.forEach((c, r) => (sums.x[r] += c.v10[k]));
  });
  negatives.forEach((sample, k) => {
    const sums = clusterOf(sample);
    sums.n += 1;
    models.forEach((c, r) => (sums.y[r] += c.v01[k]));
  });
  const all = [...clusters.values()];
  const I = all.length;
  const I10 = all.filter((c) => c.m > 0).length;
  const I01 = all.filter((c) => c.n > 0).length;
  if (I10 < 2 || I01 < 2) {
    return degenerate('too-few-samples', `positives in ${I10} and negatives in ${I01} patients: the clustered variance needs at least 2 of each`);
  }
  const aucs = models.map(({ v10 }) => v10.reduce((s, v) => s + v, 0) / M);
  const covariance = (r: number, s: number): number => {
    let s10 = 0;
    let s01 = 0;
    let s11 = 0;
    for (const c of all) {
      const xr = c.x[r] - c.m * aucs[r];
      const xs = c.x[s] - c.m * aucs[s];
      const yr = c.y[r] - c.n * aucs[r];
      const ys = c.y[s] - c.n * aucs[s];
      s10 += xr * xs;
      s01 += yr * ys;
      s11 += xr * ys + xs * yr;
    }
    s10 *= I10 / ((I10 - 1) * M);
    s01 *= I01 / ((I01 - 1) * N);
    s11 *= I / (I - 1);
    return s10 / M + s01 / N + s11 / (M * N);
  };
  const wald = waldDifference(aucs[0] - aucs[1], covariance(0, 0) + covariance(1, 1) - 2 * covariance(0, 1), confidence);
  if (!wald.defined) return wald;
  return {
    ...wald,
    method: 'delong-clustered-obuchowski',
    aucA: aucs[0],
    aucB: aucs[1],
    confidence,
    positives: M,
    negatives: N,
    clusters: I,
  };
}
