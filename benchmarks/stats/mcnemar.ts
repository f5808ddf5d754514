// McNemar's test for two classifiers scored on the same samples (McNemar 1947), as statsmodels
// `mcnemar(table, exact=True)` / `mcnemar(table, exact=False, correction=True)`, plus the mid-p variant
// (Fagerland, Lydersen & Laake 2013) and effect sizes: accuracy difference with Newcombe CI, and b/c odds ratio.
import jStat from 'jstat';
import { fairBinomialTail } from './binomial-tail.ts';
import { newcombePairedDifferenceCi, type PairedTable } from './paired-proportions.ts';

export type McNemarMethod = 'mcnemar-exact' | 'mcnemar-midp' | 'mcnemar-chi2-cc';

export interface McNemarOptions {
  /** Which test supplies `statistic` and `pValue` (default exact). */
  method?: McNemarMethod;
  /** Confidence level of `differenceCi` (default 0.95). */
  confidence?: number;
}

export interface McNemarResult {
  /** Samples A got right and B got wrong. */
  b: number;
  /** Samples A got wrong and B got right. */
  c: number;
  n: number;
  /** min(b, c) for the exact and mid-p tests (as statsmodels); (|b − c| − 1)² / (b + c) for χ². */
  statistic: number;
  pValue: number;
  method: McNemarMethod;
  accuracyA: number;
  accuracyB: number;
  /** accuracyA − accuracyB = (b − c) / n. */
  difference: number;
  /** Newcombe square-and-add interval (method 10) of the difference. */
  differenceCi: [number, number];
  /** b / c; (b + ½) / (c + ½) when b or c is 0 (Haldane correction), so it stays finite and positive. */
  oddsRatio: number;
}

/** McNemar's test from per-sample correctness of models A and B. */
export function mcnemarTest(
  correctA: readonly boolean[],
  correctB: readonly boolean[],
  options: McNemarOptions = {},
): McNemarResult {
  return mcnemarFromTable(pairedTable(correctA, correctB), options);
}

/** Correctness of each prediction, for `mcnemarTest`. */
export function correctness(yTrue: readonly number[], yPred: readonly number[]): boolean[] {
  if (yTrue.length !== yPred.length) {
    throw new RangeError(`yTrue and yPred differ in length (${yTrue.length} vs ${yPred.length})`);
  }
  return yTrue.map((label, i) => label === yPred[i]);
}

export function mcnemarFromTable(table: PairedTable, options: McNemarOptions = {}): McNemarResult {
  const method = options.method ?? 'mcnemar-exact';
  const confidence = options.confidence ?? 0.95;
  checkTable(table);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1) (got ${confidence})`);
  const { bothCorrect, onlyA: b, onlyB: c, bothWrong } = table;
  const n = bothCorrect + b + c + bothWrong;
  const { statistic, pValue } = testOf(method, b, c);
  return {
    b,
    c,
    n,
    statistic,
    pValue,
    method,
    accuracyA: (bothCorrect + b) / n,
    accuracyB: (bothCorrect + c) / n,
    difference: (b - c) / n,
    differenceCi: newcombePairedDifferenceCi(table, confidence),
    oddsRatio: b === 0 || c === 0 ? (b + 0.5) / (c + 0.5) : b / c,
  };
}

function testOf(method: McNemarMethod, b: number, c: number): { statistic: number; pValue: number } {
  const discordant = b + c;
  const smaller = Math.min(b, c);
  switch (method) {
    case 'mcnemar-exact': {
      const { cdf } = fairBinomialTail(smaller, discordant);
      return { statistic: smaller, pValue: Math.min(1, 2 * cdf) };
    }
    case 'mcnemar-midp': {
      // 2·P(X ≤ m) − P(X = m): the exact p-value with only half the weight of the observed outcome; 1 when b = c.
      const { cdf, pmf } = fairBinomialTail(smaller, discordant);
      return { statistic: smaller, pValue: Math.min(1, 2 * cdf - pmf) };
    }
    case 'mcnemar-chi2-cc': {
      // statsmodels gives NaN (0/0) without discordant pairs; no discordance is no evidence, so χ² = 0, p = 1.
      // Like statsmodels, the correction is not clipped at 0, so b = c gives χ² = 1/(b + c) rather than 0.
      if (discordant === 0) return { statistic: 0, pValue: 1 };
      const statistic = (Math.abs(b - c) - 1) ** 2 / discordant;
      return { statistic, pValue: 1 - jStat.chisquare.cdf(statistic, 1) };
    }
  }
}

function pairedTable(correctA: readonly boolean[], correctB: readonly boolean[]): PairedTable {
  if (correctA.length !== correctB.length) {
    throw new RangeError(`correctA and correctB differ in length (${correctA.length} vs ${correctB.length})`);
  }
  const table: PairedTable = { bothCorrect: 0, onlyA: 0, onlyB: 0, bothWrong: 0 };
  for (let i = 0; i < correctA.length; i++) {
    if (correctA[i] && correctB[i]) table.bothCorrect += 1;
    else if (correctA[i]) table.onlyA += 1;
    else if (correctB[i]) table.onlyB += 1;
    else table.bothWrong += 1;
  }
  return table;
}

function checkTable(table: PairedTable): void {
  for (const [cell, count] of Object.entries(table)) {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`${cell} must be a non-negative integer (got ${count})`);
  }
  const n = table.bothCorrect + table.onlyA + table.onlyB + table.bothWrong;
  if (n === 0) throw new RangeError('McNemar test needs at least one paired sample');
}
