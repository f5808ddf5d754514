// Descriptive statistics against hand-computed values (numpy conventions: sd with ddof = 1).
import { describe, expect, it } from 'vitest';
import { mean, sampleSd, summarize } from '../../benchmarks/stats/describe.ts';
import { quantile } from '../../benchmarks/stats/quantile.ts';

describe('describe', () => {
  it('mean and sample sd of 2, 4, 4, 4, 5, 5, 7, 9', () => {
    const values = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(values)).toBe(5);
    // Σ(x − 5)² = 32; 32 / 7 under Bessel's correction.
    expect(sampleSd(values)).toBeCloseTo(Math.sqrt(32 / 7), 14);
    expect(summarize(values)).toEqual({ mean: 5, sd: Math.sqrt(32 / 7), n: 8, values });
  });
  it('sd of one value is NaN (undefined), and empty input throws', () => {
    expect(summarize([0.7]).sd).toBeNaN();
    expect(() => mean([])).toThrow(/empty/);
  });
  it('summarize copies its input', () => {
    const values = [1, 2];
    const summary = summarize(values);
    values[0] = 99;
    expect(summary.values).toEqual([1, 2]);
  });
});

describe('quantile (numpy linear interpolation)', () => {
  it('matches numpy.percentile on a small example', () => {
    // numpy.percentile([1, 3, 4, 10], [0, 2.5, 50, 97.5, 100]) = [1, 1.15, 3.5, 9.55, 10]
    const values = [10, 1, 4, 3];
    expect(quantile(values, 0)).toBe(1);
    expect(quantile(values, 0.025)).toBeCloseTo(1.15, 12);
    expect(quantile(values, 0.5)).toBeCloseTo(3.5, 12);
    expect(quantile(values, 0.975)).toBeCloseTo(9.55, 12);
    expect(quantile(values, 1)).toBe(10);
  });
});
