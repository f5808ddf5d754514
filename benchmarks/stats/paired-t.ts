// Paired t-test on differences d = a − b, as scipy.stats.ttest_rel, with its effect sizes: the mean difference
// with a t confidence interval (scipy's TtestResult.confidence_interval) and Cohen's d_z = mean(d) / sd(d).
import { degenerate, type Degenerate } from './degenerate.ts';
import { studentTCdf, studentTQuantile, studentTSf, studentTTwoSidedP } from './distributions/student-t.ts';
import { checkAlternative, checkConfidence, checkPairedSamples, type Alternative } from './hypothesis.ts';

export interface PairedTTestOptions {
  alternative?: Alternative;
  /** Level of `ci` (default 0.95); one-sided for a one-sided alternative, as scipy. */
  confidence?: number;
}

export interface PairedTTestResult {
  defined: true;
  method: 'paired-t';
  alternative: Alternative;
  n: number;
  degreesOfFreedom: number;
  statistic: number;
  pValue: number;
  meanDifference: number;
  sdDifference: number;
  standardError: number;
  /** CI of the mean difference; the open side of a one-sided interval is ±Infinity. */
  ci: [number, number];
  confidence: number;
  /** Cohen's d_z: the mean difference in units of the sd of the differences. */
  cohenDz: number;
}

export function pairedTTest(
  a: readonly number[],
  b: readonly number[],
  options: PairedTTestOptions = {},
): PairedTTestResult | Degenerate {
  checkPairedSamples(a, b);
  const alternative = checkAlternative(options.alternative ?? 'two-sided');
  const confidence = checkConfidence(options.confidence ?? 0.95);
  const n = a.length;
  if (n === 0) return degenerate('empty', 'no paired samples');
  if (n < 2) return degenerate('too-few-samples', 'a paired t-test needs at least 2 pairs');
  const differences = a.map((value, i) => value - b[i]);
  const meanDifference = differences.reduce((sum, d) => sum + d, 0) / n;
  const sdDifference = Math.sqrt(differences.reduce((sum, d) => sum + (d - meanDifference) ** 2, 0) / (n - 1));
  if (sdDifference === 0) {
    return degenerate('zero-variance', `all ${n} differences equal ${meanDifference}: t is ${meanDifference === 0 ? '0/0' : '±∞'}`);
  }
  const standardError = sdDifference / Math.sqrt(n);
  const statistic = meanDifference / standardError;
  const df = n - 1;
  return {
    defined: true,
    method: 'paired-t',
    alternative,
    n,
    degreesOfFreedom: df,
    statistic,
    pValue: pValueOf(statistic, df, alternative),
    meanDifference,
    sdDifference,
    standardError,
    ci: meanCi(meanDifference, standardError, df, alternative, confidence),
    confidence,
    cohenDz: meanDifference / sdDifference,
  };
}

function pValueOf(t: number, df: number, alternative: Alternative): number {
  if (alternative === 'two-sided') return studentTTwoSidedP(t, df);
  return alternative === 'greater' ? studentTSf(t, df) : studentTCdf(t, df);
}

function meanCi(centre: number, se: number, df: number, alternative: Alternative, confidence: number): [number, number] {
  if (alternative === 'two-sided') {
    const t = studentTQuantile(1 - (1 - confidence) / 2, df);
    return [centre - t * se, centre + t * se];
  }
  const t = studentTQuantile(confidence, df);
  return alternative === 'greater' ? [centre - t * se, Number.POSITIVE_INFINITY] : [Number.NEGATIVE_INFINITY, centre + t * se];
}
