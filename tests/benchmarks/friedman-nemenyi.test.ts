// Friedman test vs scipy.stats.friedmanchisquare, Kendall's W vs its rank-sum definition with the tie correction,
// Nemenyi p-values and Demšar's critical difference vs scipy.stats.studentized_range (df = ∞); |Δ| ≤ 1e-9.
import { describe, expect, it } from 'vitest';
import { friedmanTest } from '../../benchmarks/stats/friedman.ts';
import { criticalDifference, nemenyiTest } from '../../benchmarks/stats/nemenyi.ts';
import { CLOSED_FORM, expectClose, inferenceReference } from './inference-reference.ts';

describe.each(inferenceReference.friedman)('Friedman + Nemenyi: $name', (c) => {
  it('χ²_F, p, Kendall W and mean ranks (rank 1 = best)', () => {
    const result = friedmanTest(c.scores);
    if (!result.defined) throw new Error(result.detail);
    expectClose(result.statistic, c.statistic, CLOSED_FORM, 'χ²');
    expectClose(result.pValue, c.pValue, CLOSED_FORM, 'p');
    expectClose(result.kendallW, c.kendallW, CLOSED_FORM, 'W');
    result.meanRanks.forEach((rank, j) => expectClose(rank, c.meanRanks[j], CLOSED_FORM, `rank ${j}`));
  });

  it('pairwise Nemenyi p-values and the critical difference', () => {
    const friedman = friedmanTest(c.scores);
    if (!friedman.defined) throw new Error(friedman.detail);
    const nemenyi = nemenyiTest(friedman.meanRanks, c.scores.length, c.alpha);
    expectClose(nemenyi.criticalDifference, c.criticalDifference, CLOSED_FORM, 'CD');
    expectClose(criticalDifference(c.scores[0].length, c.scores.length, c.alpha), c.criticalDifference, CLOSED_FORM, 'CD');
    nemenyi.comparisons.forEach((pair, i) => {
      expect([pair.a, pair.b]).toEqual([c.nemenyi[i].a, c.nemenyi[i].b]);
      expectClose(pair.pValue, c.nemenyi[i].pValue, CLOSED_FORM, `p(${pair.a},${pair.b})`);
      expect(pair.significant).toBe(pair.rankDifference >= nemenyi.criticalDifference);
    });
  });
});

describe('Friedman edge cases', () => {
  it('Demšar (2006) §3.2.2 worked example: 4 classifiers over 14 data sets, CD = 1.25 at α = 0.05', () => {
    // The paper's CD: q_0.05 = 2.569, k = 4, N = 14 → 2.569 · √(4·5/(6·14)) = 1.25.
    expect(criticalDifference(4, 14, 0.05)).toBeCloseTo(1.2536, 3);
  });

  it('ranking direction: higherIsBetter false reverses the mean ranks but not the statistic', () => {
    const scores = [[0.9, 0.8, 0.7], [0.85, 0.86, 0.6], [0.7, 0.65, 0.5]];
    const high = friedmanTest(scores);
    const low = friedmanTest(scores, { higherIsBetter: false });
    if (!high.defined || !low.defined) throw new Error('undefined');
    expect(high.meanRanks[0]).toBeLessThan(high.meanRanks[2]);
    low.meanRanks.forEach((rank, j) => expect(4 - rank).toBeCloseTo(high.meanRanks[j], 14));
    expect(low.statistic).toBe(high.statistic);
  });

  it('every block tied: Degenerate("all-tied"); fewer than 3 models or 2 blocks: argument error', () => {
    expect(friedmanTest([[1, 1, 1], [2, 2, 2]])).toMatchObject({ defined: false, reason: 'all-tied' });
    expect(() => friedmanTest([[1, 2], [2, 1]])).toThrow(/3 models/);
    expect(() => friedmanTest([[1, 2, 3]])).toThrow(/2 blocks/);
    expect(() => friedmanTest([[1, 2, 3], [1, 2]])).toThrow(/expected 3/);
  });
});
