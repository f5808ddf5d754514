// Nested label fractions: properties on random training folds (nesting, patient integrity, per-class counts).
import { describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { nestedLabelFractions } from '../../benchmarks/splits/label-fractions.ts';

const FRACTIONS = [0.125, 0.25, 0.5, 1];

function randomTrainingFold(rng: Rng) {
  const labels: number[] = [];
  const groups: string[] = [];
  const numClasses = 2 + rng.int(4);
  const numPatients = 5 + rng.int(60);
  for (let p = 0; p < numPatients; p++) {
    // Skewed class frequencies so that some classes are rare.
    const label = Math.min(numClasses - 1, Math.floor(rng.next() ** 2 * numClasses));
    for (let i = 0, n = 1 + rng.int(5); i < n; i++) {
      labels.push(label);
      groups.push(`p${p}`);
    }
  }
  const trainIndices = labels.map((_, i) => i).filter(() => rng.bernoulli(0.8));
  return { labels, groups, trainIndices };
}

const patientsOfClass = (indices: number[], labels: number[], groups: string[], c: number) =>
  new Set(indices.filter((i) => labels[i] === c).map((i) => groups[i]));

describe('nestedLabelFractions', () => {
  const rng = new Rng(2024);
  const cases = Array.from({ length: 40 }, (_, t) => ({ t, ...randomTrainingFold(rng.fork(t)) }));

  it.each(cases)('case $t: nested, whole patients, stratified, every present class kept', (c) => {
    if (c.trainIndices.length === 0) return;
    const subsets = nestedLabelFractions(c.trainIndices, c.labels, c.groups, FRACTIONS, new Rng(c.t));
    const train = new Set(c.trainIndices);
    expect(subsets.get(1)).toEqual([...c.trainIndices].sort((a, b) => a - b));
    for (let j = 0; j + 1 < FRACTIONS.length; j++) {
      const larger = new Set(subsets.get(FRACTIONS[j + 1]));
      for (const index of subsets.get(FRACTIONS[j]) ?? []) expect(larger.has(index)).toBe(true);
    }
    for (const fraction of FRACTIONS) {
      const subset = subsets.get(fraction) ?? [];
      expect(subset).toEqual([...subset].sort((a, b) => a - b));
      // Whole patients: every training sample of a chosen patient is in the subset.
      const chosen = new Set(subset.map((i) => c.groups[i]));
      const expectedMembers = c.trainIndices.filter((i) => chosen.has(c.groups[i]));
      expect(subset.length).toBe(expectedMembers.length);
      for (const index of subset) expect(train.has(index)).toBe(true);
      for (const label of new Set(c.trainIndices.map((i) => c.labels[i]))) {
        const available = patientsOfClass(c.trainIndices, c.labels, c.groups, label).size;
        const taken = patientsOfClass(subset, c.labels, c.groups, label).size;
        expect(taken).toBe(Math.max(1, Math.round(fraction * available)));
      }
    }
  });

  it('is deterministic for a seed', () => {
    const c = cases[3];
    const run = () => nestedLabelFractions(c.trainIndices, c.labels, c.groups, FRACTIONS, new Rng(1));
    expect(run()).toEqual(run());
  });

  it('rejects fractions outside (0, 1] and an empty fold', () => {
    const c = cases[0];
    for (const bad of [0, -0.1, 1.5, Number.NaN]) {
      expect(() => nestedLabelFractions(c.trainIndices, c.labels, c.groups, [bad], new Rng(1))).toThrow(/\(0, 1\]/);
    }
    expect(() => nestedLabelFractions([], c.labels, c.groups, [0.5], new Rng(1))).toThrow(/empty/);
  });
});
