// Patient-grouped stratified k-fold: properties on random datasets (no leakage, coverage, ±1 class balance by
// patient) and parity of the mixed-label path with scikit-learn's StratifiedGroupKFold(shuffle=False).
import { describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { patientGroupedStratifiedKFold } from '../../benchmarks/splits/grouped-kfold.ts';
import { assignGroupsGreedily } from '../../benchmarks/splits/greedy-stratified-group.ts';
import { statsReference } from './stats-reference.ts';

interface Dataset {
  labels: number[];
  groups: string[];
}

/** Patients with 1–8 images each; `mixed` gives some patients images of two classes. */
function randomDataset(rng: Rng, numPatients: number, numClasses: number, mixed: boolean): Dataset {
  const labels: number[] = [];
  const groups: string[] = [];
  for (let p = 0; p < numPatients; p++) {
    const patientLabel = rng.int(numClasses);
    const images = 1 + rng.int(8);
    for (let i = 0; i < images; i++) {
      labels.push(mixed && rng.bernoulli(0.3) ? rng.int(numClasses) : patientLabel);
      groups.push(`patient-${p}`);
    }
  }
  // Interleave samples so that fold membership cannot follow from index order.
  const order = rng.shuffle(labels.map((_, i) => i));
  return { labels: order.map((i) => labels[i]), groups: order.map((i) => groups[i]) };
}

function checkPartition(dataset: Dataset, folds: ReturnType<typeof patientGroupedStratifiedKFold>, k: number): void {
  expect(folds).toHaveLength(k);
  const testFoldOf = new Array<number>(dataset.labels.length).fill(-1);
  folds.forEach((fold, f) => {
    expect(fold.test.length).toBeGreaterThan(0);
    expect(fold.test).toEqual([...fold.test].sort((a, b) => a - b));
    expect(fold.train).toEqual([...fold.train].sort((a, b) => a - b));
    expect(fold.train.length + fold.test.length).toBe(dataset.labels.length);
    for (const index of fold.test) {
      expect(testFoldOf[index]).toBe(-1);
      testFoldOf[index] = f;
    }
    const testPatients = new Set(fold.test.map((i) => dataset.groups[i]));
    for (const index of fold.train) expect(testPatients.has(dataset.groups[index])).toBe(false);
  });
  expect(testFoldOf.every((f) => f >= 0)).toBe(true);
}

describe('patientGroupedStratifiedKFold, single-label patients', () => {
  const rng = new Rng(1234);
  const cases = Array.from({ length: 40 }, (_, t) => ({
    t,
    k: 2 + rng.int(6),
    dataset: randomDataset(rng.fork(t), 12 + rng.int(80), 2 + rng.int(4), false),
  }));

  it.each(cases)('case $t: no leakage, full coverage, ±1 patients per class per fold', ({ k, dataset }) => {
    const folds = patientGroupedStratifiedKFold(dataset.labels, dataset.groups, k, new Rng(7));
    expect(folds.strategy).toBe('dealt-by-class');
    checkPartition(dataset, folds, k);
    const classes = new Set(dataset.labels);
    for (const c of classes) {
      const patientsPerFold = folds.map(
        (fold) => new Set(fold.test.filter((i) => dataset.labels[i] === c).map((i) => dataset.groups[i])).size,
      );
      expect(Math.max(...patientsPerFold) - Math.min(...patientsPerFold)).toBeLessThanOrEqual(1);
    }
  });

  it('is deterministic for a seed and varies across seeds', () => {
    const { dataset, k } = cases[0];
    const run = (seed: number) => patientGroupedStratifiedKFold(dataset.labels, dataset.groups, k, new Rng(seed));
    expect(run(3)).toEqual(run(3));
    expect(run(3).map((f) => f.test)).not.toEqual(run(4).map((f) => f.test));
  });

  it('balances image counts across folds better than chance', () => {
    const dataset = randomDataset(new Rng(99), 200, 3, false);
    const folds = patientGroupedStratifiedKFold(dataset.labels, dataset.groups, 5, new Rng(1));
    const sizes = folds.map((fold) => fold.test.length);
    // ~180 images per fold. Dealing patients in random order would leave a range of ~35 images (sd of a fold's
    // total ≈ 2.3·√40); giving each round's biggest patient to the emptiest fold keeps it within a patient or so.
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(10);
  });
});

describe('patientGroupedStratifiedKFold, mixed-label patients', () => {
  const rng = new Rng(77);
  const cases = Array.from({ length: 20 }, (_, t) => ({
    t,
    k: 2 + rng.int(4),
    dataset: randomDataset(rng.fork(t), 15 + rng.int(60), 2 + rng.int(3), true),
  }));

  it.each(cases)('case $t: no leakage and full coverage', ({ k, dataset }) => {
    const folds = patientGroupedStratifiedKFold(dataset.labels, dataset.groups, k, new Rng(5));
    checkPartition(dataset, folds, k);
  });

  it('uses the greedy strategy when a patient mixes labels', () => {
    const folds = patientGroupedStratifiedKFold([0, 1, 1, 0, 1, 0], ['a', 'a', 'b', 'c', 'd', 'e'], 2, new Rng(1));
    expect(folds.strategy).toBe('greedy-stratified-group');
  });

  it('assigns groups exactly as sklearn StratifiedGroupKFold(shuffle=False)', () => {
    const ref = statsReference.greedyGroupFolds;
    const ids = [...new Set(ref.groups)].sort();
    const counts = ids.map(() => [0, 0, 0]);
    ref.groups.forEach((group, i) => (counts[ids.indexOf(group)][ref.labels[i]] += 1));
    expect(assignGroupsGreedily(counts, ref.k, ids.map((_, g) => g))).toEqual(ref.foldOfGroup);
  });
});

describe('argument checks and notes', () => {
  it('errors only when k exceeds the number of patients', () => {
    expect(() => patientGroupedStratifiedKFold([0, 1, 0], ['a', 'b', 'b'], 3, new Rng(1))).toThrow(/2 patient/);
    expect(() => patientGroupedStratifiedKFold([0, 1], ['a', 'b'], 1, new Rng(1))).toThrow(/≥ 2/);
    expect(() => patientGroupedStratifiedKFold([0, 1], ['a'], 2, new Rng(1))).toThrow(/differ in length/);
    expect(() => patientGroupedStratifiedKFold([], [], 2, new Rng(1))).toThrow(/empty/);
  });

  it('notes a class with fewer patients than folds instead of failing', () => {
    const labels = [0, 0, 0, 0, 0, 1];
    const groups = ['a', 'b', 'c', 'd', 'e', 'f'];
    const folds = patientGroupedStratifiedKFold(labels, groups, 3, new Rng(1));
    expect(folds.notes).toEqual([expect.stringMatching(/class 1 has 1 patient/)]);
    expect(folds).toHaveLength(3);
  });
});
