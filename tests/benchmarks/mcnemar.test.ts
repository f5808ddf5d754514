// McNemar against statsmodels 0.13 (exact and χ² with continuity correction) and scipy's binomial (mid-p), |Δ| ≤ 1e-9;
// the Newcombe interval against the worked example of Fagerland, Lydersen & Laake (Cavo et al. 2012 data).
import { describe, expect, it } from 'vitest';
import { correctness, mcnemarFromTable, mcnemarTest } from '../../benchmarks/stats/mcnemar.ts';
import { newcombePairedDifferenceCi } from '../../benchmarks/stats/paired-proportions.ts';
import { statsReference } from './stats-reference.ts';

const TOLERANCE = 1e-9;
const label = (c: (typeof statsReference.mcnemar)[number]) => JSON.stringify(c.table);

describe.each(statsReference.mcnemar.map((c) => [label(c), c] as const))('parity for %s', (_, c) => {
  it('exact binomial (statsmodels exact=True)', () => {
    const result = mcnemarFromTable(c.table, { method: 'mcnemar-exact' });
    expect(result.statistic).toBe(c.exactStatistic);
    expect(Math.abs(result.pValue - c.exactP)).toBeLessThanOrEqual(TOLERANCE);
    expect(Math.abs(result.pValue - c.exactP)).toBeLessThanOrEqual(1e-9 * c.exactP + 1e-15);
  });
  it('mid-p (2·cdf − pmf)', () => {
    const result = mcnemarFromTable(c.table, { method: 'mcnemar-midp' });
    expect(Math.abs(result.pValue - c.midP)).toBeLessThanOrEqual(TOLERANCE);
  });
  it('χ² with continuity correction (statsmodels exact=False)', () => {
    const result = mcnemarFromTable(c.table, { method: 'mcnemar-chi2-cc' });
    if (c.chi2Statistic === null) {
      // statsmodels divides 0 by 0 here; our documented convention is "no discordance, no evidence".
      expect(result).toMatchObject({ statistic: 0, pValue: 1 });
    } else {
      expect(Math.abs(result.statistic - c.chi2Statistic)).toBeLessThanOrEqual(TOLERANCE);
      expect(Math.abs(result.pValue - (c.chi2P ?? Number.NaN))).toBeLessThanOrEqual(TOLERANCE);
    }
  });
});

describe('effect sizes', () => {
  it('Newcombe square-and-add CI reproduces the published -0.0621 (-0.1186 to -0.0046)', () => {
    const table = { bothCorrect: 59, onlyA: 6, onlyB: 16, bothWrong: 80 };
    const result = mcnemarFromTable(table);
    expect(result.difference).toBeCloseTo(-0.0621, 4);
    expect(result.differenceCi[0]).toBeCloseTo(-0.1186, 4);
    expect(result.differenceCi[1]).toBeCloseTo(-0.0046, 4);
  });
  it('the interval stays non-degenerate and inside [-1, 1] without discordant pairs', () => {
    const [lower, upper] = newcombePairedDifferenceCi({ bothCorrect: 12, onlyA: 0, onlyB: 0, bothWrong: 3 }, 0.95);
    expect(lower).toBeLessThan(0);
    expect(upper).toBeGreaterThan(0);
    expect(lower).toBeGreaterThanOrEqual(-1);
    expect(upper).toBeLessThanOrEqual(1);
  });
  it('odds ratio b/c, with the Haldane ½ correction when a cell is 0', () => {
    expect(mcnemarFromTable({ bothCorrect: 5, onlyA: 6, onlyB: 3, bothWrong: 1 }).oddsRatio).toBe(2);
    expect(mcnemarFromTable({ bothCorrect: 5, onlyA: 4, onlyB: 0, bothWrong: 1 }).oddsRatio).toBe(9);
  });
});

describe('from per-sample correctness', () => {
  it('counts b, c and accuracies from two prediction vectors', () => {
    const yTrue = [0, 1, 2, 1, 0, 2];
    const correctA = correctness(yTrue, [0, 1, 2, 0, 1, 2]);
    const correctB = correctness(yTrue, [0, 2, 2, 1, 1, 0]);
    const result = mcnemarTest(correctA, correctB);
    expect(result).toMatchObject({ b: 2, c: 1, n: 6, accuracyA: 4 / 6, accuracyB: 3 / 6, method: 'mcnemar-exact' });
    expect(result.difference).toBeCloseTo(1 / 6, 15);
  });
  it('rejects mismatched lengths and empty input', () => {
    expect(() => mcnemarTest([true], [true, false])).toThrow(/differ in length/);
    expect(() => mcnemarTest([], [])).toThrow(/at least one/);
  });
});
