// Nemenyi post-hoc test after a Friedman test and Demšar's critical difference (Demšar 2006, JMLR 7:1, §3.2.2):
// two models differ when their mean ranks differ by at least CD = q_α √(k(k + 1) / (6N)), where q_α is the
// studentized range quantile (df = ∞) divided by √2. Pairwise p-values as scikit-posthocs'
// posthoc_nemenyi_friedman: P(range of k normals > √2 · |R̄ᵢ − R̄ⱼ| / √(k(k + 1)/(6N))).
import { studentizedRangeQuantile, studentizedRangeSf } from './distributions/studentized-range.ts';

export interface NemenyiComparison {
  a: number;
  b: number;
  /** Effect size: |mean rank a − mean rank b|. */
  rankDifference: number;
  /** The studentized range statistic √2 · rankDifference / se. */
  statistic: number;
  pValue: number;
  /** rankDifference ≥ CD. */
  significant: boolean;
}

export interface NemenyiResult {
  method: 'nemenyi';
  alpha: number;
  /** q_α of Demšar's table: studentized range quantile / √2. */
  qAlpha: number;
  criticalDifference: number;
  comparisons: NemenyiComparison[];
}

/** All pairwise comparisons of k mean ranks over N blocks. */
export function nemenyiTest(meanRanks: readonly number[], blocks: number, alpha = 0.05): NemenyiResult {
  const k = meanRanks.length;
  const qAlpha = nemenyiQ(k, alpha);
  const standardError = rankStandardError(k, blocks);
  const criticalDifference = qAlpha * standardError;
  const comparisons: NemenyiComparison[] = [];
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const rankDifference = Math.abs(meanRanks[a] - meanRanks[b]);
      const statistic = (Math.SQRT2 * rankDifference) / standardError;
      comparisons.push({ a, b, rankDifference, statistic, pValue: studentizedRangeSf(statistic, k), significant: rankDifference >= criticalDifference });
    }
  }
  return { method: 'nemenyi', alpha, qAlpha, criticalDifference, comparisons };
}

/** Demšar's critical difference for k models over N blocks at level α. */
export function criticalDifference(k: number, blocks: number, alpha = 0.05): number {
  return nemenyiQ(k, alpha) * rankStandardError(k, blocks);
}

/** q_α = studentized range (1 − α) quantile with infinite df, / √2 (Demšar's Table 5 row for the Nemenyi test). */
export function nemenyiQ(k: number, alpha = 0.05): number {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1) (got ${alpha})`);
  return studentizedRangeQuantile(1 - alpha, k) / Math.SQRT2;
}

function rankStandardError(k: number, blocks: number): number {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`the Nemenyi test needs at least 2 models (got ${k})`);
  if (!Number.isInteger(blocks) || blocks < 1) throw new RangeError(`blocks must be a positive integer (got ${blocks})`);
  return Math.sqrt((k * (k + 1)) / (6 * blocks));
}
