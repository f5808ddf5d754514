// Kendall's τ-b rank correlation with its two-sided test, as scipy.stats.kendalltau (variant 'b', method 'auto'):
// ties in either variable shrink the denominator; the exact null distribution (Kendall 1970) without ties when
// n ≤ 33, else the normal approximation with the tie-corrected variance. O(n²) pair counting: n is a handful of
// ranked models here, where clarity beats scipy's O(n log n) merge sort.
import { normalSf } from './distributions/normal.ts';
import { midranks } from './ranks.ts';

export interface KendallTauResult {
  /** τ-b in [−1, 1]; NaN when fewer than 2 values or either variable is constant (as scipy). */
  tau: number;
  /** Two-sided p-value of H0 "no association"; NaN together with tau. */
  pValue: number;
  method: 'exact' | 'asymptotic';
  n: number;
  concordant: number;
  discordant: number;
  /** Pairs tied in x (including those tied in both). */
  tiedX: number;
  tiedY: number;
}

export function kendallTau(x: ArrayLike<number>, y: ArrayLike<number>): KendallTauResult {
  checkInput(x, y);
  const n = x.length;
  const pairs = countPairs(x, y);
  const total = (n * (n - 1)) / 2;
  const undefinedResult: KendallTauResult = { tau: Number.NaN, pValue: Number.NaN, method: 'exact', n, ...pairs };
  if (n < 2 || pairs.tiedX === total || pairs.tiedY === total) return undefinedResult;
  const difference = pairs.concordant - pairs.discordant;
  const tau = Math.min(1, Math.max(-1, difference / Math.sqrt(total - pairs.tiedX) / Math.sqrt(total - pairs.tiedY)));
  const noTies = pairs.tiedX === 0 && pairs.tiedY === 0;
  const exact = noTies && (n <= 33 || Math.min(pairs.discordant, total - pairs.discordant) <= 1);
  const base = { tau, n, ...pairs };
  if (exact) return { ...base, method: 'exact', pValue: exactTwoSidedP(n, pairs.concordant) };
  return { ...base, method: 'asymptotic', pValue: Math.min(1, 2 * normalSf(Math.abs(difference) / Math.sqrt(tieCorrectedVariance(x, y, pairs)))) };
}

function checkInput(x: ArrayLike<number>, y: ArrayLike<number>): void {
  if (x.length !== y.length) throw new RangeError(`kendallTau: x and y differ in length (${x.length} vs ${y.length})`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) throw new RangeError(`kendallTau: value ${i} is not finite (x ${x[i]}, y ${y[i]})`);
  }
}

type PairCounts = Pick<KendallTauResult, 'concordant' | 'discordant' | 'tiedX' | 'tiedY'>;

function countPairs(x: ArrayLike<number>, y: ArrayLike<number>): PairCounts {
  const counts: PairCounts = { concordant: 0, discordant: 0, tiedX: 0, tiedY: 0 };
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const sign = Math.sign(x[i] - x[j]) * Math.sign(y[i] - y[j]);
      if (x[i] === x[j]) counts.tiedX++;
      if (y[i] === y[j]) counts.tiedY++;
      if (sign > 0) counts.concordant++;
      else if (sign < 0) counts.discordant++;
    }
  }
  return counts;
}

/** Var(C − D) under H0 with ties (Kendall 1970, eq. 4.3; scipy's `var`). */
function tieCorrectedVariance(x: ArrayLike<number>, y: ArrayLike<number>, pairs: PairCounts): number {
  const n = x.length;
  const m = n * (n - 1);
  const tx = tieTerms(x);
  const ty = tieTerms(y);
  const thirdOrder = n > 2 ? (tx.cubic * ty.cubic) / (9 * m * (n - 2)) : 0;
  return (m * (2 * n + 5) - tx.spread - ty.spread) / 18 + (2 * pairs.tiedX * pairs.tiedY) / m + thirdOrder;
}

/** Σ t(t − 1)(t − 2) and Σ t(t − 1)(2t + 5) over the tie groups of one variable. */
function tieTerms(values: ArrayLike<number>): { cubic: number; spread: number } {
  let cubic = 0;
  let spread = 0;
  for (const t of midranks(values).tieSizes) {
    cubic += t * (t - 1) * (t - 2);
    spread += t * (t - 1) * (2 * t + 5);
  }
  return { cubic, spread };
}

/**
 * 2·P(C ≤ min(c, total − c)) for n values without ties: the number of permutations with at most that many
 * inversions, counted by the Mahonian recurrence and scaled by 2/n! as it goes (scipy's _kendall_p_exact).
 */
function exactTwoSidedP(n: number, concordant: number): number {
  if (n <= 2) return 1;
  const c = Math.min(concordant, (n * (n - 1)) / 2 - concordant);
  let counts = new Float64Array(c + 1);
  counts[0] = 1;
  if (c >= 1) counts[1] = 1;
  for (let j = 3; j <= n; j++) {
    const cumulative = new Float64Array(c + 1);
    let running = 0;
    for (let k = 0; k <= c; k++) cumulative[k] = (running += counts[k]) / j;
    if (j <= c) for (let k = c; k >= j; k--) cumulative[k] -= cumulative[k - j];
    counts = cumulative;
  }
  let probability = 0;
  for (const value of counts) probability += value;
  return Math.min(1, Math.max(0, probability));
}
