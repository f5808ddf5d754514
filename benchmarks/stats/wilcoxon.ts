// Wilcoxon signed-rank test on paired differences, following scipy.stats.wilcoxon (1.10) and saying which
// variant ran: exact null distribution for n ≤ 50 without zeros or ties; otherwise the normal approximation
// with the tie correction of the variance and zeros handled as 'wilcox' (dropped), 'pratt' (ranked, then
// dropped; Cureton 1967 mean/variance) or 'zsplit' (ranked, half to each side). Unlike scipy 1.10, which runs
// the exact test on tied ranks by truncating them, ties always switch to the approximation here.
// Effect size: the matched-pairs rank-biserial correlation r = (R⁺ − R⁻)/(R⁺ + R⁻) (Kerby 2014).
import { degenerate, type Degenerate } from './degenerate.ts';
import { normalCdf, normalSf } from './distributions/normal.ts';
import { checkAlternative, checkPairedSamples, type Alternative } from './hypothesis.ts';
import { midranks, tieCubeSum } from './ranks.ts';
import { signedRankPmf } from './signed-rank-distribution.ts';

export type ZeroMethod = 'wilcox' | 'pratt' | 'zsplit';
export type WilcoxonMode = 'auto' | 'exact' | 'approx';

export interface WilcoxonOptions {
  zeroMethod?: ZeroMethod;
  /** Continuity correction of the normal approximation (default false, as scipy). */
  correction?: boolean;
  alternative?: Alternative;
  /** 'auto' (default): exact when n ≤ 50 with no zeros and no ties. 'exact' falls back, and says so, when it cannot. */
  mode?: WilcoxonMode;
}

export interface WilcoxonResult {
  defined: true;
  method: 'wilcoxon-exact' | 'wilcoxon-normal-approximation';
  alternative: Alternative;
  zeroMethod: ZeroMethod;
  /** Pairs given, zero differences among them, and the count the statistic is based on. */
  pairs: number;
  zeros: number;
  count: number;
  rankSumPositive: number;
  rankSumNegative: number;
  /** min(R⁺, R⁻) for two-sided, R⁺ for one-sided (scipy's convention). */
  statistic: number;
  /** Standardised statistic of the normal approximation; null for the exact test. */
  z: number | null;
  pValue: number;
  /** Whether tied |d| shrank the variance (normal approximation only). */
  tieCorrection: boolean;
  continuityCorrection: boolean;
  /** Why the exact test was not used although requested or allowed, if so. */
  fallbackReason: string | null;
  rankBiserial: number;
}

/** Test of a − b symmetric about 0; pass b = zeros to test one sample of differences. */
export function wilcoxonSignedRank(
  a: readonly number[],
  b: readonly number[],
  options: WilcoxonOptions = {},
): WilcoxonResult | Degenerate {
  checkPairedSamples(a, b);
  const zeroMethod = checkZeroMethod(options.zeroMethod ?? 'wilcox');
  const alternative = checkAlternative(options.alternative ?? 'two-sided');
  const mode = options.mode ?? 'auto';
  const differences = a.map((value, i) => value - b[i]);
  const pairs = differences.length;
  if (pairs === 0) return degenerate('empty', 'no paired samples');
  const zeros = differences.filter((d) => d === 0).length;
  if (zeros === pairs && zeroMethod !== 'zsplit') {
    return degenerate('all-differences-zero', `all ${pairs} differences are 0: nothing to rank with zeroMethod '${zeroMethod}'`);
  }
  const ranked = zeroMethod === 'wilcox' ? differences.filter((d) => d !== 0) : differences;
  const { ranks, tieSizes } = midranks(ranked.map(Math.abs));
  const sums = rankSums(ranked, ranks, zeroMethod);
  const statistic = alternative === 'two-sided' ? Math.min(sums.positive, sums.negative) : sums.positive;
  const { exact, fallbackReason } = chooseExact(mode, pairs, zeros, tieSizes.length > 0);
  const common = {
    defined: true as const,
    alternative,
    zeroMethod,
    pairs,
    zeros,
    count: ranked.length,
    rankSumPositive: sums.positive,
    rankSumNegative: sums.negative,
    statistic,
    fallbackReason,
    rankBiserial: (sums.positive - sums.negative) / (sums.positive + sums.negative),
  };
  if (exact) {
    return {
      ...common,
      method: 'wilcoxon-exact',
      z: null,
      pValue: exactPValue(ranked.length, sums.positive, alternative),
      tieCorrection: false,
      continuityCorrection: false,
    };
  }
  const approximation = normalApproximation(ranked, ranks, zeros, zeroMethod, statistic, alternative, options.correction ?? false);
  if (!approximation) return degenerate('zero-variance', 'the variance of the signed-rank statistic is 0');
  return {
    ...common,
    method: 'wilcoxon-normal-approximation',
    ...approximation,
    continuityCorrection: options.correction ?? false,
  };
}

function rankSums(ranked: readonly number[], ranks: Float64Array, zeroMethod: ZeroMethod): { positive: number; negative: number } {
  let positive = 0;
  let negative = 0;
  let zero = 0;
  ranked.forEach((d, i) => {
    if (d > 0) positive += ranks[i];
    else if (d < 0) negative += ranks[i];
    else zero += ranks[i];
  });
  // 'pratt' ranks zeros only to shift the other ranks; 'zsplit' gives half of their rank sum to each side.
  if (zeroMethod === 'zsplit') return { positive: positive + zero / 2, negative: negative + zero / 2 };
  return { positive, negative };
}

function chooseExact(mode: WilcoxonMode, pairs: number, zeros: number, ties: boolean): { exact: boolean; fallbackReason: string | null } {
  if (mode === 'approx') return { exact: false, fallbackReason: null };
  const obstacle = zeros > 0 ? `${zeros} zero difference(s)` : ties ? 'tied |differences|' : null;
  if (mode === 'exact') return obstacle ? { exact: false, fallbackReason: `exact test needs no zeros and no ties: ${obstacle}` } : { exact: true, fallbackReason: null };
  if (obstacle) return { exact: false, fallbackReason: `${obstacle}, so the normal approximation was used` };
  if (pairs > 50) return { exact: false, fallbackReason: null };
  return { exact: true, fallbackReason: null };
}

function exactPValue(n: number, rankSumPositive: number, alternative: Alternative): number {
  const pmf = signedRankPmf(n);
  const r = Math.round(rankSumPositive);
  let lower = 0;
  for (let s = 0; s <= r; s++) lower += pmf[s];
  let upper = 0;
  for (let s = r; s < pmf.length; s++) upper += pmf[s];
  if (alternative === 'greater') return Math.min(1, upper);
  if (alternative === 'less') return Math.min(1, lower);
  if (r === Math.floor((pmf.length - 1) / 2)) return 1;
  return Math.min(1, 2 * Math.min(lower, upper));
}

function normalApproximation(
  ranked: readonly number[],
  ranks: Float64Array,
  zeros: number,
  zeroMethod: ZeroMethod,
  statistic: number,
  alternative: Alternative,
  correction: boolean,
): { z: number; pValue: number; tieCorrection: boolean } | undefined {
  const count = ranked.length;
  let mean = (count * (count + 1)) / 4;
  let variance = count * (count + 1) * (2 * count + 1);
  let tieRanks: ArrayLike<number> = ranks;
  if (zeroMethod === 'pratt') {
    mean -= (zeros * (zeros + 1)) / 4;
    variance -= zeros * (zeros + 1) * (2 * zeros + 1);
    tieRanks = ranks.filter((_, i) => ranked[i] !== 0);
  }
  const tieTerm = tieCubeSum(midranks(tieRanks).tieSizes);
  variance = (variance - 0.5 * tieTerm) / 24;
  if (!(variance > 0)) return undefined;
  const shift = !correction ? 0 : alternative === 'two-sided' ? 0.5 * Math.sign(statistic - mean) : alternative === 'less' ? -0.5 : 0.5;
  const z = (statistic - mean - shift) / Math.sqrt(variance);
  const pValue = alternative === 'two-sided' ? Math.min(1, 2 * normalSf(Math.abs(z))) : alternative === 'greater' ? normalSf(z) : normalCdf(z);
  return { z, pValue, tieCorrection: tieTerm > 0 };
}

function checkZeroMethod(zeroMethod: string): ZeroMethod {
  if (zeroMethod !== 'wilcox' && zeroMethod !== 'pratt' && zeroMethod !== 'zsplit') {
    throw new RangeError(`zeroMethod must be 'wilcox', 'pratt' or 'zsplit' (got '${zeroMethod}')`);
  }
  return zeroMethod;
}
