// Clustered DeLong (Obuchowski 1997) against the FDA/DIDSR R implementation doAUCcluster() on seeded clustered data
// with ties (scripts/fixtures/generate_clustered_delong_fixtures.R), |Δ| ≤ 1e-9; with one sample per patient it
// must equal DeLong's test (itself checked against pROC).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clusteredDelongTest } from '../../benchmarks/stats/clustered-delong.ts';
import { delongTest } from '../../benchmarks/stats/delong-auroc.ts';

interface Case {
  name: string;
  groups: number[];
  labels: number[];
  scoresA: number[];
  scoresB: number[];
  aucA: number;
  aucB: number;
  varA: number;
  varB: number;
  varDifference: number;
  pValue: number;
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/clustered-delong.json', import.meta.url), 'utf8')) as { cases: Case[] };

describe.each(fixture.cases.map((c) => [c.name, c] as const))('parity with doAUCcluster: %s', (_, c) => {
  it('AUROCs, variance of the difference and p-value', () => {
    const result = clusteredDelongTest(c.labels, c.scoresA, c.scoresB, c.groups.map(String));
    if (!result.defined) throw new Error(result.detail);
    expect(Math.abs(result.aucA - c.aucA)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(result.aucB - c.aucB)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(result.variance - c.varDifference)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(result.pValue - c.pValue)).toBeLessThanOrEqual(1e-9);
    expect(result.clusters).toBe(new Set(c.groups).size);
    // the single-model variances, through the difference of a model with itself shifted: Var(A − A) = 0
    const self = clusteredDelongTest(c.labels, c.scoresA, c.scoresA, c.groups.map(String));
    expect(self).toMatchObject({ defined: true, statistic: 0, pValue: 1 });
  });
});

describe('reductions and degenerate cases', () => {
  const single = fixture.cases.find((c) => c.name.startsWith('one sample'))!;
  it('with one sample per patient it is DeLong’s paired test', () => {
    const clustered = clusteredDelongTest(single.labels, single.scoresA, single.scoresB, single.groups.map(String));
    const plain = delongTest(single.labels, single.scoresA, single.scoresB);
    if (!clustered.defined || !plain.defined) throw new Error('undefined');
    expect(clustered.variance).toBeCloseTo(plain.variance, 14);
    expect(clustered.pValue).toBeCloseTo(plain.pValue, 12);
  });
  it('patients whose samples agree count once: duplicating every sample leaves the variance ≈ unchanged', () => {
    const c = fixture.cases[0];
    const twice = <T,>(xs: readonly T[]): T[] => xs.flatMap((x) => [x, x]);
    const once = clusteredDelongTest(c.labels, c.scoresA, c.scoresB, c.groups.map(String));
    const dup = clusteredDelongTest(twice(c.labels), twice(c.scoresA), twice(c.scoresB), twice(c.groups.map(String)));
    const naive = delongTest(twice(c.labels), twice(c.scoresA), twice(c.scoresB));
    if (!once.defined || !dup.defined || !naive.defined) throw new Error('undefined');
    expect(dup.variance / once.variance).toBeGreaterThan(0.95);
    expect(dup.variance / once.variance).toBeLessThan(1.05);
    expect(naive.variance).toBeLessThan(0.6 * once.variance); // the unclustered test halves it: overconfident
  });
  it('one class, or positives in a single patient: undefined with the reason', () => {
    expect(clusteredDelongTest([1, 1], [0.1, 0.2], [0.2, 0.1], ['a', 'b'])).toMatchObject({ defined: false, reason: 'single-class' });
    expect(clusteredDelongTest([1, 1, 0, 0], [0.9, 0.8, 0.1, 0.2], [0.2, 0.1, 0.3, 0.4], ['a', 'a', 'b', 'c'])).toMatchObject({
      defined: false,
      reason: 'too-few-samples',
    });
  });
  it('rejects mismatched lengths and non-binary labels', () => {
    expect(() => clusteredDelongTest([1, 0], [0.1], [0.2, 0.3], ['a', 'b'])).toThrow(/differ in length/);
    expect(() => clusteredDelongTest([2, 0], [0.1, 0.2], [0.2, 0.3], ['a', 'b'])).toThrow(/not a binary label/);
  });
});
