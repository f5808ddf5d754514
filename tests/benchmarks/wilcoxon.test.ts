// Wilcoxon signed-rank test against scipy.stats.wilcoxon (1.10): exact (no ties/zeros), normal approximation with
// tie correction, the three zero methods and the continuity correction; |Δ| ≤ 1e-9. Rank-biserial r from the
// signed-rank sums (Kerby 2014) restated in the generator.
import { describe, expect, it } from 'vitest';
import { wilcoxonSignedRank } from '../../benchmarks/stats/wilcoxon.ts';
import { CLOSED_FORM, expectClose, inferenceReference } from './inference-reference.ts';

describe.each(inferenceReference.wilcoxon)('wilcoxonSignedRank vs scipy: $name', (c) => {
  it('statistic, p-value, z, rank sums and rank-biserial r', () => {
    const zeros = c.differences.map(() => 0);
    const result = wilcoxonSignedRank(c.differences, zeros, {
      zeroMethod: c.zeroMethod,
      correction: c.correction,
      alternative: c.alternative,
      mode: c.scipyMethod,
    });
    if (!result.defined) throw new Error(result.detail);
    expect(result.method).toBe(c.scipyMethod === 'exact' ? 'wilcoxon-exact' : 'wilcoxon-normal-approximation');
    expectClose(result.statistic, c.statistic, CLOSED_FORM, 'T');
    expectClose(result.pValue, c.pValue, CLOSED_FORM, 'p');
    if (c.z !== null) expectClose(result.z ?? Number.NaN, c.z, CLOSED_FORM, 'z');
    expectClose(result.rankSumPositive, c.rankSumPositive, CLOSED_FORM, 'R+');
    expectClose(result.rankSumNegative, c.rankSumNegative, CLOSED_FORM, 'R−');
    expectClose(result.rankBiserial, c.rankBiserial, CLOSED_FORM, 'r');
  });
});

describe('wilcoxonSignedRank method choice and degenerate input', () => {
  const noTies = [0.3, -0.1, 0.25, 0.7, -0.05, 0.4];

  it("'auto' is exact for small untied samples and says why it is not otherwise", () => {
    expect(wilcoxonSignedRank(noTies, noTies.map(() => 0))).toMatchObject({ method: 'wilcoxon-exact', z: null, fallbackReason: null });
    const tied = wilcoxonSignedRank([0.3, -0.3, 0.2, 0.5], [0, 0, 0, 0]);
    expect(tied).toMatchObject({ method: 'wilcoxon-normal-approximation', tieCorrection: true });
    expect(tied.defined && tied.fallbackReason).toMatch(/tied/);
    const zero = wilcoxonSignedRank([0.3, 0, 0.2, 0.5], [0, 0, 0, 0], { mode: 'exact' });
    expect(zero.defined && zero.fallbackReason).toMatch(/zero/);
    const large = Array.from({ length: 51 }, (_, i) => (i % 3 === 0 ? -1 : 1) * (i + 1) * 0.01);
    expect(wilcoxonSignedRank(large, large.map(() => 0))).toMatchObject({ method: 'wilcoxon-normal-approximation', fallbackReason: null });
  });

  it('a b-argument gives the same result as passing the differences', () => {
    const a = [5.1, 4.3, 6.2, 5.5, 4.9];
    const b = [4.8, 4.5, 5.1, 5.0, 4.0];
    expect(wilcoxonSignedRank(a, b)).toEqual(wilcoxonSignedRank(a.map((v, i) => v - b[i]), [0, 0, 0, 0, 0]));
  });

  it('all-zero differences are Degenerate for wilcox/pratt (scipy raises); empty input too', () => {
    expect(wilcoxonSignedRank([1, 2], [1, 2])).toMatchObject({ defined: false, reason: 'all-differences-zero' });
    expect(wilcoxonSignedRank([1, 2], [1, 2], { zeroMethod: 'pratt' })).toMatchObject({ defined: false, reason: 'all-differences-zero' });
    expect(wilcoxonSignedRank([], [])).toMatchObject({ defined: false, reason: 'empty' });
    expect(() => wilcoxonSignedRank([1], [0], { zeroMethod: 'drop' as never })).toThrow(/zeroMethod/);
  });

  it('hand example n = 3: R⁺ = 5 of 6, exact two-sided p = 2·P(R⁺ ≥ 5) = 2·2/8', () => {
    const result = wilcoxonSignedRank([0.3, -0.1, 0.2], [0, 0, 0]);
    expect(result).toMatchObject({ rankSumPositive: 5, rankSumNegative: 1, statistic: 1, pValue: 0.5 });
  });
});
