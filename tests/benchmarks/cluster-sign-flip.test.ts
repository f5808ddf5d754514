// The exact patient-level sign-flip test against brute-force enumeration of every sign vector
// (scripts/fixtures/generate_sign_flip_fixture.py), against scipy's binomial test where each patient has one sample
// (McNemar's exact test), and wired into the job's clustered accuracy comparison.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clusterSignFlipTest } from '../../benchmarks/stats/cluster-sign-flip.ts';
import { accuracyPairTest } from '../../benchmarks/stats/clustered-choice.ts';
import { mcnemarTest } from '../../benchmarks/stats/mcnemar.ts';
import { Rng } from '../../benchmarks/rng.ts';

interface SignFlipCase {
  name: string;
  correctA: boolean[];
  correctB: boolean[];
  groups: string[];
  p: number;
  informativeClusters: number;
  statistic: number;
  binomtestP?: number;
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/cluster-sign-flip.json', import.meta.url), 'utf8')) as { cases: SignFlipCase[] };

describe.each(fixture.cases)('cluster sign-flip test: $name', (c) => {
  const result = clusterSignFlipTest(c.correctA, c.correctB, c.groups);

  it('equals the brute-force enumeration of all 2^m sign vectors', () => {
    expect(result.statistic).toBe(c.statistic);
    expect(result.informativeClusters).toBe(c.informativeClusters);
    expect(result.clusters).toBe(new Set(c.groups).size);
    expect(result.pValue).toBeCloseTo(c.p, 12);
  });
});

describe.each(fixture.cases.filter((c) => c.binomtestP !== undefined))('one sample per patient: $name', (c) => {
  it("is McNemar's exact test (scipy binomtest, and ours)", () => {
    const { pValue } = clusterSignFlipTest(c.correctA, c.correctB, c.groups);
    expect(pValue).toBeCloseTo(c.binomtestP ?? Number.NaN, 12);
    expect(pValue).toBeCloseTo(mcnemarTest(c.correctA, c.correctB).pValue, 12);
  });
});

describe('clusterSignFlipTest', () => {
  it('gives p = 1 when no patient is discordant, and rejects inputs of different lengths', () => {
    const same = [true, false, true, true];
    expect(clusterSignFlipTest(same, same, ['a', 'a', 'b', 'b'])).toMatchObject({ statistic: 0, pValue: 1, informativeClusters: 0 });
    expect(() => clusterSignFlipTest([true], [true, false], ['a', 'a'])).toThrow(RangeError);
  });

  it('cancels discordance inside a patient: one patient with b = c carries no evidence', () => {
    // patient a: A right/B wrong on one knee, the reverse on the other → d = 0; patient b: d = +2
    const r = clusterSignFlipTest([true, false, true, true], [false, true, false, false], ['a', 'a', 'b', 'b']);
    expect(r).toMatchObject({ statistic: 2, informativeClusters: 1, pValue: 1 });
  });

  it('is exact at the default cohort size without sampling (240 patients, two radiographs each)', () => {
    const rng = new Rng(3);
    const groups = Array.from({ length: 480 }, (_, i) => `P${Math.floor(i / 2)}`);
    const a = groups.map(() => rng.bernoulli(0.4));
    const b = groups.map(() => rng.bernoulli(0.33));
    const first = clusterSignFlipTest(a, b, groups);
    expect(first.pValue).toBeGreaterThan(0);
    expect(first.pValue).toBeLessThanOrEqual(1);
    expect(clusterSignFlipTest(a, b, groups).pValue).toBe(first.pValue);
    // the job's clustered accuracy comparison carries it next to Yang's asymptotic p
    const choice = accuracyPairTest(a, b, groups);
    expect(choice.test).toBe('mcnemar-clustered-yang');
    expect(choice.signFlipP).toBe(first.pValue);
    expect(Math.abs(choice.signFlipP! - choice.pValue)).toBeLessThan(0.05);
  });
});
