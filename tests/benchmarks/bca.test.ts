// BCa bootstrap: exact parity with scipy's BCa computation on the same resamples (its internal _bca_interval on
// fixture indices, |Δ| ≤ 1e-9), statistical parity with scipy.stats.bootstrap(method='BCa') on its own draws
// (B = 5000, stated tolerance), recomputation from the returned indices and jackknife, patient resampling.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { bcaBootstrapCi, bcaInterval } from '../../benchmarks/stats/bca.ts';
import { bootstrapCi } from '../../benchmarks/stats/bootstrap.ts';
import { jackknifeValues } from '../../benchmarks/stats/jackknife.ts';
import { CLOSED_FORM, expectClose, inferenceReference } from './inference-reference.ts';

const meanOf = (values: readonly number[]) => (idx: number[]) => idx.reduce((s, i) => s + values[i], 0) / idx.length;
/** Population sd (numpy's np.std, ddof = 0). */
const sdOf = (values: readonly number[]) => (idx: number[]) => {
  const m = meanOf(values)(idx);
  return Math.sqrt(idx.reduce((s, i) => s + (values[i] - m) ** 2, 0) / idx.length);
};
const statisticOf = (name: 'mean' | 'std', values: readonly number[]) => (name === 'mean' ? meanOf(values) : sdOf(values));

describe('bcaInterval vs scipy _bca_interval on the same resamples', () => {
  const { values, indices, cases } = inferenceReference.bcaExact;
  it.each(cases)('$statistic at $confidence', (c) => {
    const statistic = statisticOf(c.statistic, values);
    const replicates = indices.map(statistic);
    const all = values.map((_, i) => i);
    const result = bcaInterval(statistic(all), replicates, jackknifeValues(statistic, values.length), c.confidence);
    if (!result.defined) throw new Error(result.detail);
    expectClose(result.acceleration, c.acceleration, CLOSED_FORM, 'acceleration');
    expectClose(result.adjustedLevels[0], c.levels[0], CLOSED_FORM, 'level 1');
    expectClose(result.adjustedLevels[1], c.levels[1], CLOSED_FORM, 'level 2');
    expectClose(result.lower, c.lower, CLOSED_FORM, 'lower');
    expectClose(result.upper, c.upper, CLOSED_FORM, 'upper');
  });
});

describe.each(inferenceReference.bcaScipy)('bcaBootstrapCi vs scipy.stats.bootstrap BCa: $statistic', (c) => {
  it(`bounds within ${c.tolerance} (Monte Carlo error of B = ${c.resamples})`, () => {
    const result = bcaBootstrapCi(statisticOf(c.statistic, c.values), c.values.length, {
      rng: new Rng(17),
      resamples: c.resamples,
      confidence: c.confidence,
    });
    if (!result.defined) throw new Error(result.detail);
    expect(result.method).toBe('bca');
    expect(Math.abs(result.lower - c.lower)).toBeLessThanOrEqual(c.tolerance);
    expect(Math.abs(result.upper - c.upper)).toBeLessThanOrEqual(c.tolerance);
    // For the skewed sd the plain percentile interval misses scipy's BCa by ~0.08–0.10: the check discriminates.
    if (c.statistic === 'std') {
      const percentile = bootstrapCi(statisticOf(c.statistic, c.values), c.values.length, { rng: new Rng(17), resamples: c.resamples });
      expect(Math.abs(percentile.upper - c.upper)).toBeGreaterThan(2 * c.tolerance);
    }
  });
});

describe('bcaBootstrapCi', () => {
  const values = Array.from({ length: 40 }, (_, i) => Math.exp(Math.sin(i * 1.7) * 1.5));

  it('equals bcaInterval recomputed from the returned indices and a fresh jackknife', () => {
    const statistic = meanOf(values);
    const result = bcaBootstrapCi(statistic, values.length, { rng: new Rng(5), resamples: 300, returnIndices: true });
    if (!result.defined) throw new Error(result.detail);
    const again = bcaInterval(
      statistic(values.map((_, i) => i)),
      (result.indices ?? []).map(statistic),
      jackknifeValues(statistic, values.length),
      0.95,
    );
    expect(again).toMatchObject({ lower: result.lower, upper: result.upper, acceleration: result.acceleration });
    expect(result.jackknife).toEqual(jackknifeValues(statistic, values.length));
  });

  it('with one patient per sample, the cluster version draws the same resamples as the i.i.d. one', () => {
    const groups = values.map((_, i) => `p${i}`);
    const plain = bcaBootstrapCi(meanOf(values), values.length, { rng: new Rng(8), resamples: 200 });
    const clustered = bcaBootstrapCi(meanOf(values), values.length, { rng: new Rng(8), resamples: 200, groups });
    if (!plain.defined || !clustered.defined) throw new Error('undefined');
    expect(clustered.method).toBe('cluster-bca');
    expect(clustered.lower).toBe(plain.lower);
    expect(clustered.upper).toBe(plain.upper);
  });

  it('with patients, the jackknife leaves out one patient at a time', () => {
    const groups = values.map((_, i) => `p${Math.floor(i / 4)}`);
    const result = bcaBootstrapCi(meanOf(values), values.length, { rng: new Rng(2), resamples: 100, groups });
    if (!result.defined) throw new Error(result.detail);
    expect(result.jackknife).toHaveLength(10);
    expectClose(result.jackknife[0], meanOf(values)(values.map((_, i) => i).slice(4)), 1e-15);
  });

  it('is Degenerate, not NaN, when the bootstrap distribution has no spread or too few units', () => {
    const constant = bcaBootstrapCi(() => 1, 10, { rng: new Rng(1), resamples: 50 });
    expect(constant).toMatchObject({ defined: false, reason: 'degenerate-bootstrap' });
    expect(bcaBootstrapCi(meanOf([3]), 1, { rng: new Rng(1), resamples: 50 })).toMatchObject({ defined: false, reason: 'too-few-samples' });
    expect(bcaInterval(2, [0, 1, 1.5], [1, 2, 3], 0.95)).toMatchObject({ defined: false, reason: 'degenerate-bootstrap' });
  });

  it('is reproducible from the seed', () => {
    const run = () => bcaBootstrapCi(sdOf(values), values.length, { rng: new Rng(4), resamples: 100 });
    expect(run()).toEqual(run());
  });
});
