// Bootstrap intervals: scipy.stats.bootstrap percentile CI as a statistical reference (B = 5000, |Δ| ≤ 0.02),
// recomputation from the returned resamples, patient-level resampling, and the paired p-value formula.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { bootstrapCi, pairedBootstrapDifference, twoSidedBootstrapP } from '../../benchmarks/stats/bootstrap.ts';
import { quantile } from '../../benchmarks/stats/quantile.ts';
import { statsReference } from './stats-reference.ts';

const meanOf = (values: readonly number[]) => (idx: number[]) => idx.reduce((s, i) => s + values[i], 0) / idx.length;
const medianOf = (values: readonly number[]) => (idx: number[]) => quantile(idx.map((i) => values[i]), 0.5);

describe.each(statsReference.bootstrap)('scipy.stats.bootstrap parity: $statistic', (c) => {
  it(`percentile CI within ${c.tolerance} of scipy's`, () => {
    const statistic = c.statistic === 'mean' ? meanOf(c.values) : medianOf(c.values);
    const result = bootstrapCi(statistic, c.values.length, {
      rng: new Rng(11),
      resamples: c.resamples,
      confidence: c.confidence,
    });
    expect(result.method).toBe('percentile');
    expect(result.resamples).toBe(c.resamples);
    expect(Math.abs(result.lower - c.lower)).toBeLessThanOrEqual(c.tolerance);
    expect(Math.abs(result.upper - c.upper)).toBeLessThanOrEqual(c.tolerance);
  });
});

describe('bootstrapCi', () => {
  const values = Array.from({ length: 60 }, (_, i) => Math.sin(i) * 3 + i / 10);

  it('bounds are the type-7 quantiles of the statistic recomputed on the returned resamples', () => {
    const result = bootstrapCi(meanOf(values), values.length, { rng: new Rng(3), resamples: 300, returnIndices: true });
    const replicates = (result.indices ?? []).map(meanOf(values));
    expect(replicates).toHaveLength(300);
    expect(result.lower).toBeCloseTo(quantile(replicates, 0.025), 12);
    expect(result.upper).toBeCloseTo(quantile(replicates, 0.975), 12);
    expect(result.estimate).toBeCloseTo(values.reduce((s, v) => s + v, 0) / values.length, 12);
  });

  it('is reproducible from the seed and changes with it', () => {
    const run = (seed: number) => bootstrapCi(meanOf(values), values.length, { rng: new Rng(seed), resamples: 200 });
    expect(run(5)).toEqual(run(5));
    expect(run(5).lower).not.toBe(run(6).lower);
  });

  it('with groups, draws whole patients: each patient appears with all of its samples, equally often', () => {
    const groups = Array.from({ length: 45 }, (_, i) => `p${Math.floor((i * 7) % 45 / 4)}`);
    const result = bootstrapCi(meanOf(values.slice(0, 45)), 45, {
      rng: new Rng(9),
      resamples: 200,
      groups,
      returnIndices: true,
    });
    expect(result.method).toBe('cluster-percentile');
    for (const drawn of result.indices ?? []) {
      const timesDrawn = new Map<number, number>();
      for (const index of drawn) timesDrawn.set(index, (timesDrawn.get(index) ?? 0) + 1);
      const perGroup = new Map<string, Set<number>>();
      groups.forEach((group, index) => {
        const set = perGroup.get(group) ?? new Set<number>();
        set.add(timesDrawn.get(index) ?? 0);
        perGroup.set(group, set);
      });
      for (const counts of perGroup.values()) expect(counts.size).toBe(1);
    }
  });

  it('counts non-finite resamples instead of letting NaN into the quantiles', () => {
    const flaky = (idx: number[]) => (idx.includes(0) ? Number.NaN : idx.length);
    const result = bootstrapCi(flaky, 5, { rng: new Rng(1), resamples: 100 });
    expect(result.nonFinite).toBeGreaterThan(0);
    expect(result.lower).toBe(5);
    expect(() => bootstrapCi(() => Number.NaN, 5, { rng: new Rng(1), resamples: 10 })).toThrow(/not finite/);
  });

  it('rejects bad options', () => {
    expect(() => bootstrapCi(meanOf(values), 0, { rng: new Rng(1) })).toThrow(/sample count/);
    expect(() => bootstrapCi(meanOf(values), 3, { rng: new Rng(1), resamples: 0 })).toThrow(/resamples/);
    expect(() => bootstrapCi(meanOf(values), 3, { rng: new Rng(1), confidence: 1 })).toThrow(/confidence/);
    expect(() => bootstrapCi(meanOf(values), 3, { rng: new Rng(1), groups: ['a'] })).toThrow(/groups/);
  });
});

describe('pairedBootstrapDifference', () => {
  const n = 80;
  const rng = new Rng(21);
  const correctA = Array.from({ length: n }, () => rng.bernoulli(0.8));
  const correctB = Array.from({ length: n }, () => rng.bernoulli(0.6));
  const rate = (correct: boolean[]) => (idx: number[]) => idx.filter((i) => correct[i]).length / idx.length;

  it('delta, interval and p-value follow from the returned resamples', () => {
    const result = pairedBootstrapDifference(rate(correctA), rate(correctB), n, {
      rng: new Rng(2),
      resamples: 400,
      returnIndices: true,
    });
    const deltas = (result.indices ?? []).map((idx) => rate(correctA)(idx) - rate(correctB)(idx));
    expect(result.delta).toBeCloseTo(rate(correctA)([...Array(n).keys()]) - rate(correctB)([...Array(n).keys()]), 15);
    expect(result.lower).toBeCloseTo(quantile(deltas, 0.025), 12);
    expect(result.upper).toBeCloseTo(quantile(deltas, 0.975), 12);
    const below = deltas.filter((d) => d <= 0).length;
    const above = deltas.filter((d) => d >= 0).length;
    expect(result.pValue).toBe(Math.min(1, 2 * Math.min((1 + below) / 401, (1 + above) / 401)));
  });

  it('identical models give Δ = 0 and p = 1; the +1 correction keeps p above 0', () => {
    const same = pairedBootstrapDifference(rate(correctA), rate(correctA), n, { rng: new Rng(4), resamples: 100 });
    expect(same).toMatchObject({ delta: 0, lower: 0, upper: 0, pValue: 1 });
    expect(twoSidedBootstrapP([0.1, 0.2, 0.3])).toBe(0.5);
  });

  it('with groups, resamples patients for both models at once', () => {
    const groups = Array.from({ length: n }, (_, i) => `patient-${i % 23}`);
    const result = pairedBootstrapDifference(rate(correctA), rate(correctB), n, {
      rng: new Rng(8),
      resamples: 100,
      groups,
    });
    expect(result.method).toBe('cluster-percentile');
    expect(result.lower).toBeLessThanOrEqual(result.delta);
    expect(result.upper).toBeGreaterThanOrEqual(result.delta);
  });
});
