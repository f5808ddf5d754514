// Clustered McNemar tests (Yang 2010, Obuchowski 1998, Durkalski 2003) against R's clust.bin.pair 0.1.2 on seeded
// clustered data (scripts/fixtures/generate_clustered_mcnemar_fixtures.R), |Δ| ≤ 1e-9; plus the reductions to
// McNemar with one sample per cluster and the degenerate cases R leaves as 0/0.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasRepeatedClusters } from '../../benchmarks/stats/clustered-choice.ts';
import { clusteredMcnemarTest, type ClusteredMcNemarMethod } from '../../benchmarks/stats/clustered-mcnemar.ts';

interface Case {
  name: string;
  groups: number[];
  correctA: number[];
  correctB: number[];
  yang: { statistic: number; pValue: number };
  obuchowski: { statistic: number; pValue: number };
  durkalski: { statistic: number; pValue: number };
  mcnemar: { statistic: number; pValue: number };
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/clustered-mcnemar.json', import.meta.url), 'utf8')) as { cases: Case[] };
const METHODS: ClusteredMcNemarMethod[] = ['yang', 'obuchowski', 'durkalski'];

describe.each(fixture.cases.map((c) => [c.name, c] as const))('parity with clust.bin.pair: %s', (_, c) => {
  const groups = c.groups.map(String);
  const a = c.correctA.map((v) => v === 1);
  const b = c.correctB.map((v) => v === 1);
  it.each(METHODS)('%s', (method) => {
    const result = clusteredMcnemarTest(a, b, groups, method);
    expect(Math.abs(result.statistic - c[method].statistic)).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(result.pValue - c[method].pValue)).toBeLessThanOrEqual(1e-9);
  });
  it('counts b, c, clusters and the difference', () => {
    const result = clusteredMcnemarTest(a, b, groups);
    const onlyA = a.filter((v, i) => v && !b[i]).length;
    const onlyB = a.filter((v, i) => !v && b[i]).length;
    expect(result).toMatchObject({ b: onlyA, c: onlyB, n: a.length, clusters: new Set(groups).size });
    expect(result.difference).toBeCloseTo((onlyA - onlyB) / a.length, 12);
    // R's uncorrected McNemar from the same pooled counts
    expect((onlyA - onlyB) ** 2 / (onlyA + onlyB)).toBeCloseTo(c.mcnemar.statistic, 9);
  });
});

describe('reductions and degenerate cases', () => {
  const a = [true, true, false, true, false, true, true, false, true, true];
  const b = [false, true, true, false, false, false, true, false, false, true];
  const singletons = a.map((_, i) => `p${i}`);
  it('one sample per cluster: Durkalski is McNemar’s uncorrected χ², Obuchowski that times (K − 1)/K', () => {
    const bCount = 4; // A right, B wrong: samples 0, 3, 5, 8
    const cCount = 1; // sample 2
    const mcnemar = (bCount - cCount) ** 2 / (bCount + cCount);
    expect(clusteredMcnemarTest(a, b, singletons, 'durkalski').statistic).toBeCloseTo(mcnemar, 12);
    expect(clusteredMcnemarTest(a, b, singletons, 'obuchowski').statistic).toBeCloseTo((9 / 10) * mcnemar, 12);
  });
  it('no discordant pair, balanced discordance or a single cluster: χ² 0, p 1 (R gives NaN from 0/0)', () => {
    for (const method of METHODS) {
      expect(clusteredMcnemarTest(a, a, singletons, method)).toMatchObject({ statistic: 0, pValue: 1 });
      expect(clusteredMcnemarTest([true, false], [false, true], ['x', 'x'], method)).toMatchObject({ statistic: 0, pValue: 1 });
      expect(clusteredMcnemarTest(a, b, a.map(() => 'one'), method)).toMatchObject({ statistic: 0, pValue: 1, clusters: 1 });
    }
  });
  it('is stricter than McNemar when a patient’s samples agree: duplicating every sample leaves it unchanged', () => {
    const twice = <T,>(xs: readonly T[]): T[] => xs.flatMap((x) => [x, x]);
    const once = clusteredMcnemarTest(a, b, singletons, 'yang');
    const duplicated = clusteredMcnemarTest(twice(a), twice(b), twice(singletons), 'yang');
    expect(duplicated.statistic).toBeCloseTo(once.statistic, 12);
    expect(duplicated.b).toBe(2 * once.b);
  });
  it('rejects mismatched lengths and empty input', () => {
    expect(() => clusteredMcnemarTest([true], [true, false], ['a'])).toThrow(/differ in length/);
    expect(() => clusteredMcnemarTest([], [], [])).toThrow(/at least one/);
  });
  it('hasRepeatedClusters', () => {
    expect(hasRepeatedClusters(['a', 'b'])).toBe(false);
    expect(hasRepeatedClusters(['a', 'b', 'a'])).toBe(true);
  });
});
