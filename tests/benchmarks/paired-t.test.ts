// Paired t-test against scipy.stats.ttest_rel (statistic, p, df, confidence_interval) and the effect size
// d_z from numpy; |Δ| ≤ 1e-9.
import { describe, expect, it } from 'vitest';
import { pairedTTest } from '../../benchmarks/stats/paired-t.ts';
import { CLOSED_FORM, expectClose, inferenceReference } from './inference-reference.ts';

describe.each(inferenceReference.pairedT)('pairedTTest vs scipy.stats.ttest_rel: $name', (c) => {
  it('statistic, p-value, CI of the mean difference and Cohen d_z', () => {
    const result = pairedTTest(c.a, c.b, { alternative: c.alternative, confidence: c.confidence });
    if (!result.defined) throw new Error(result.detail);
    expect(result.degreesOfFreedom).toBe(c.df);
    expectClose(result.statistic, c.statistic, CLOSED_FORM, 't');
    expectClose(result.pValue, c.pValue, CLOSED_FORM, 'p');
    expectClose(result.meanDifference, c.meanDifference, CLOSED_FORM, 'mean difference');
    expectClose(result.cohenDz, c.cohenDz, CLOSED_FORM, 'd_z');
    const [low, high] = c.ci;
    if (low === null) expect(result.ci[0]).toBe(Number.NEGATIVE_INFINITY);
    else expectClose(result.ci[0], low, CLOSED_FORM, 'ci low');
    if (high === null) expect(result.ci[1]).toBe(Number.POSITIVE_INFINITY);
    else expectClose(result.ci[1], high, CLOSED_FORM, 'ci high');
  });
});

describe('pairedTTest degenerate input', () => {
  it('constant differences, one pair, no pairs: Degenerate instead of ±∞ or NaN', () => {
    expect(pairedTTest([1, 2, 3], [0, 1, 2])).toMatchObject({ defined: false, reason: 'zero-variance' });
    expect(pairedTTest([1, 2], [1, 2])).toMatchObject({ defined: false, reason: 'zero-variance' });
    expect(pairedTTest([1], [0])).toMatchObject({ defined: false, reason: 'too-few-samples' });
    expect(pairedTTest([], [])).toMatchObject({ defined: false, reason: 'empty' });
  });

  it('rejects unpaired or non-finite input and unknown options', () => {
    expect(() => pairedTTest([1, 2], [1])).toThrow(/differ in length/);
    expect(() => pairedTTest([1, Number.NaN], [1, 2])).toThrow(/finite/);
    expect(() => pairedTTest([1, 2], [2, 1], { confidence: 95 })).toThrow(/confidence/);
  });
});
