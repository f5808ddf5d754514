// Label-efficiency non-inferiority: the decision, bound and p-value recomputed from the paired cluster bootstrap's
// own resamples, the verdict on clear cases, and the fixed-sequence rule for the smallest non-inferior fraction.
import { describe, expect, it } from 'vitest';
import { nonInferiorityTest, type NonInferiorityResult } from '../../benchmarks/label-efficiency/non-inferiority.ts';
import { smallestNonInferiorFraction } from '../../benchmarks/label-efficiency/smallest-fraction.ts';
import { binaryAuroc, multiclassAurocOvr } from '../../benchmarks/metrics/auroc.ts';
import { makeAurocIndexStatistic, makeOvrAurocIndexStatistic } from '../../benchmarks/metrics/resampled-auroc.ts';
import { Rng } from '../../benchmarks/rng.ts';
import { pairedBootstrapDifference } from '../../benchmarks/stats/bootstrap.ts';
import { quantile } from '../../benchmarks/stats/quantile.ts';

function syntheticScores(separation: number, rng: Rng, labels: number[]): number[] {
  return labels.map((y) => y * separation + rng.normal(0, 1));
}

const rng = new Rng(99);
const n = 240;
const labels = Array.from({ length: n }, () => (rng.bernoulli(0.4) ? 1 : 0));
const groups = labels.map((_, i) => `patient-${Math.floor(i / 2)}`);
const baseline = syntheticScores(1.5, rng.fork('baseline'), labels);
const similar = baseline.map((s) => s + rng.normal(0, 0.15));
const worse = syntheticScores(0.4, rng.fork('worse'), labels);

describe('nonInferiorityTest', () => {
  it('bound, Δ and p-value follow from the resamples of pairedBootstrapDifference with the same seed', () => {
    const statA = makeAurocIndexStatistic(labels, similar);
    const statB = makeAurocIndexStatistic(labels, baseline);
    const result = nonInferiorityTest(statA, statB, n, { margin: 0.02, alpha: 0.05, rng: new Rng(5), resamples: 400, groups });
    const replay = pairedBootstrapDifference(statA, statB, n, { rng: new Rng(5), resamples: 400, confidence: 0.9, groups, returnIndices: true });
    const deltas = (replay.indices ?? []).map((idx) => statA(idx) - statB(idx));
    expect(result.lowerBound).toBeCloseTo(quantile(deltas, 0.05), 12);
    expect(result.delta).toBeCloseTo(replay.delta, 15);
    expect(result.pValue).toBe((1 + deltas.filter((d) => d <= -0.02).length) / 401);
    expect(result.nonInferior).toBe(result.lowerBound > -0.02);
    expect(result.clustered).toBe(true);
  });

  it('a near-copy of the baseline is non-inferior at a 0.02 margin; a clearly weaker model is not', () => {
    const options = { margin: 0.02, rng: new Rng(1), resamples: 500, groups };
    const baselineStat = makeAurocIndexStatistic(labels, baseline);
    const near = nonInferiorityTest(makeAurocIndexStatistic(labels, similar), baselineStat, n, options);
    const weak = nonInferiorityTest(makeAurocIndexStatistic(labels, worse), baselineStat, n, { ...options, rng: new Rng(1) });
    expect(near).toMatchObject({ nonInferior: true });
    expect(near.pValue).toBeLessThan(0.05);
    expect(weak).toMatchObject({ nonInferior: false });
    expect(weak.delta).toBeLessThan(-0.1);
    expect(weak.pValue).toBeGreaterThan(0.5);
  });

  it('the O(n) resampled AUROC equals binaryAuroc on the expanded resample, ties included', () => {
    const tied = baseline.map((s) => Math.round(s * 2) / 2);
    const statistic = makeAurocIndexStatistic(labels, tied);
    const draw = new Rng(3);
    for (let b = 0; b < 20; b++) {
      const idx = Array.from({ length: n }, () => draw.int(n));
      const reference = binaryAuroc(idx.map((i) => labels[i]), idx.map((i) => tied[i]));
      if (!reference.defined) throw new Error(reference.detail);
      expect(statistic(idx)).toBeCloseTo(reference.value, 12);
    }
    expect(statistic([0, 0, 0])).toBeNaN();
  });

  it('the O(n) one-vs-rest statistic equals multiclassAurocOvr on the expanded resample', () => {
    const k = 4;
    const draw = new Rng(12);
    const y = Array.from({ length: 90 }, () => draw.int(k));
    const proba = y.map((label) => {
      const raw = Array.from({ length: k }, (_, c) => Math.round((c === label ? 2 : 1) * draw.next() * 10) / 10 + 0.05);
      const total = raw.reduce((a, b) => a + b, 0);
      return raw.map((v) => v / total);
    });
    const statistic = makeOvrAurocIndexStatistic(y, proba, k);
    for (let b = 0; b < 10; b++) {
      const idx = Array.from({ length: 90 }, () => draw.int(90));
      const reference = multiclassAurocOvr(idx.map((i) => y[i]), idx.map((i) => proba[i]), k);
      if (!reference.defined) throw new Error(reference.detail);
      expect(statistic(idx)).toBeCloseTo(reference.value, 12);
    }
    const onlyClassZero = y.flatMap((label, i) => (label === 0 ? [i] : []));
    expect(statistic(onlyClassZero)).toBeNaN();
  });

  it('rejects a negative or non-finite margin and a two-sided-looking alpha (margin 0 is tests/benchmarks/non-inferiority-zero-margin.test.ts)', () => {
    const stat = () => 0.5;
    expect(() => nonInferiorityTest(stat, stat, 10, { margin: -0.02, rng: new Rng(1) })).toThrow(/margin/);
    expect(() => nonInferiorityTest(stat, stat, 10, { margin: Number.POSITIVE_INFINITY, rng: new Rng(1) })).toThrow(/margin/);
    expect(() => nonInferiorityTest(stat, stat, 10, { margin: 0.02, alpha: 0.5, rng: new Rng(1) })).toThrow(/alpha/);
  });
});

describe('smallestNonInferiorFraction', () => {
  const verdict = (nonInferior: boolean): NonInferiorityResult => ({
    method: 'paired-bootstrap-non-inferiority',
    delta: 0,
    lowerBound: nonInferior ? -0.01 : -0.05,
    margin: 0.02,
    alpha: 0.05,
    nonInferior,
    pValue: nonInferior ? 0.01 : 0.3,
    resamples: 1000,
    clustered: true,
    nonFinite: 0,
  });
  const tests = (flags: boolean[]) => [0.125, 0.25, 0.5, 1].map((fraction, i) => ({ fraction, test: verdict(flags[i]) }));

  it('tests from 100% down and stops at the first failure: a lone success below it is not claimed', () => {
    const result = smallestNonInferiorFraction(tests([true, false, true, true]));
    expect(result.fraction).toBe(0.5);
    expect(result.sequence).toEqual([
      { fraction: 1, nonInferior: true },
      { fraction: 0.5, nonInferior: true },
      { fraction: 0.25, nonInferior: false },
    ]);
    expect(result.reason).toMatch(/stopped at 0.25/);
  });

  it('all non-inferior gives the smallest fraction; failing at 100% gives null', () => {
    expect(smallestNonInferiorFraction(tests([true, true, true, true])).fraction).toBe(0.125);
    const none = smallestNonInferiorFraction(tests([true, true, true, false]));
    expect(none.fraction).toBeNull();
    expect(none.reason).toMatch(/largest fraction/);
  });

  it('rejects duplicate or out-of-range fractions and an empty list', () => {
    expect(() => smallestNonInferiorFraction([])).toThrow(/no label fractions/);
    expect(() => smallestNonInferiorFraction([{ fraction: 0.5, test: verdict(true) }, { fraction: 0.5, test: verdict(true) }])).toThrow(/twice/);
    expect(() => smallestNonInferiorFraction([{ fraction: 1.5, test: verdict(true) }])).toThrow(/\(0, 1\]/);
  });
});
