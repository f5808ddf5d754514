import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { chooseL2, logLoss, scoreL2Grid } from '../../benchmarks/probe/l2-grid.ts';
import { fitGridProbe } from '../../benchmarks/probe/grid-probe.ts';
import { innerValidationSplit } from '../../benchmarks/probe/inner-validation-split.ts';
import { patientGroupedStratifiedKFold } from '../../benchmarks/splits/grouped-kfold.ts';

interface GridCase {
  grid: number[];
  numClasses: number;
  fitX: number[][];
  fitY: number[];
  validationX: number[][];
  validationY: number[];
  validationLoss: number[];
  chosen: number;
}

const fixture = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'protocol-reference.json'), 'utf8')) as { l2Grid: GridCase };
const GRID = [1e-4, 1e-3, 1e-2, 1e-1, 1];

/** Patients with two images each; features = class centre (or pure noise) + noise. */
function dataset(patients: number, classes: number, signal: number, seed: number) {
  const rng = new Rng(seed);
  const features: number[][] = [];
  const labels: number[] = [];
  const groups: string[] = [];
  for (let p = 0; p < patients; p++) {
    const label = p % classes;
    for (let image = 0; image < 2; image++) {
      features.push(Array.from({ length: 12 }, (_, d) => (d === label ? signal : 0) + rng.normal(0, 1)));
      labels.push(label);
      groups.push(`patient-${p}`);
    }
  }
  return { features, labels, groups };
}

/** Wraps an array so that every numeric index read is recorded. */
function spied<T>(values: T[], touched: Set<number>): T[] {
  return new Proxy(values, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) touched.add(Number(key));
      return Reflect.get(target, key, receiver);
    },
  });
}

describe('scoreL2Grid', () => {
  it('matches sklearn StandardScaler + LogisticRegression(C = 1/(λN)) validation log-loss, and picks the same λ', () => {
    const c = fixture.l2Grid;
    const candidates = scoreL2Grid(c.fitX, c.fitY, c.validationX, c.validationY, c.grid, { numClasses: c.numClasses, maxIter: 1000 });
    // ours stops at max |gradient| ≤ 1e-6 (sklearn here at 1e-10): the weakly penalised, flat optima differ by up to
    // 7e-6 in log-loss (measured), the others by < 3e-7
    candidates.forEach((candidate, i) => expect(Math.abs(candidate.validationLoss - c.validationLoss[i])).toBeLessThan(2e-5));
    expect(chooseL2(candidates)).toBe(c.chosen);
  });

  it('logLoss clips zero probabilities as sklearn does', () => {
    expect(logLoss([[1, 0]], [1])).toBeCloseTo(-Math.log(1e-15), 10);
    expect(logLoss([[0.25, 0.75], [0.5, 0.5]], [1, 0])).toBeCloseTo((-Math.log(0.75) - Math.log(0.5)) / 2, 14);
  });

  it('prefers the larger λ on a tie', () => {
    expect(chooseL2([{ l2: 0.01, validationLoss: 0.5 }, { l2: 0.1, validationLoss: 0.5 }, { l2: 1, validationLoss: 0.6 }])).toBe(0.1);
  });
});

describe('innerValidationSplit', () => {
  it('holds out whole patients, about the requested share of each class, from the training part only', () => {
    const { labels, groups } = dataset(60, 3, 0, 1);
    const [fold] = patientGroupedStratifiedKFold(labels, groups, 5, new Rng(2));
    const split = innerValidationSplit(fold.train, labels, groups, 0.2, new Rng(3));
    expect([...split.fit, ...split.validation].sort((a, b) => a - b)).toEqual(fold.train);
    const fitPatients = new Set(split.fit.map((i) => groups[i]));
    for (const i of split.validation) expect(fitPatients.has(groups[i])).toBe(false);
    for (let c = 0; c < 3; c++) {
      const patientsOf = (indices: number[]) => new Set(indices.filter((i) => labels[i] === c).map((i) => groups[i])).size;
      // 16 training patients per class: round(0.8 · 16) = 13 stay, 3 are held out
      expect(patientsOf(split.validation)).toBe(3);
      expect(patientsOf(split.fit)).toBe(13);
    }
  });

  it('leaves the validation split empty when every class has a single patient', () => {
    const split = innerValidationSplit([0, 1, 2, 3], [0, 0, 1, 1], ['a', 'a', 'b', 'b'], 0.2, new Rng(1));
    expect(split).toEqual({ fit: [0, 1, 2, 3], validation: [] });
  });
});

describe('fitGridProbe', () => {
  const options = (rng: Rng) => ({ numClasses: 3, grid: GRID, l2: 1e-3, validationFraction: 0.2, maxIter: 200, rng });

  it('never reads a test-fold row, label or group', () => {
    const { features, labels, groups } = dataset(60, 3, 2, 4);
    const folds = patientGroupedStratifiedKFold(labels, groups, 5, new Rng(5));
    for (const fold of folds) {
      const touched = new Set<number>();
      fitGridProbe(spied(features, touched), spied(labels, touched), spied(groups, touched), fold.train, options(new Rng(6)));
      const test = new Set(fold.test);
      expect([...touched].filter((i) => test.has(i))).toEqual([]);
      expect(touched.size).toBe(fold.train.length);
    }
  });

  it('chooses the same λ and fits the same probe whatever the test fold holds', () => {
    const data = dataset(60, 3, 1, 7);
    const [fold] = patientGroupedStratifiedKFold(data.labels, data.groups, 5, new Rng(8));
    const scrambled = {
      features: data.features.map((row, i) => (fold.test.includes(i) ? row.map(() => Number.NaN) : row)),
      labels: data.labels.map((label, i) => (fold.test.includes(i) ? (label + 1) % 3 : label)),
      groups: data.groups.map((group, i) => (fold.test.includes(i) ? 'one-patient' : group)),
    };
    const a = fitGridProbe(data.features, data.labels, data.groups, fold.train, options(new Rng(9)));
    const b = fitGridProbe(scrambled.features, scrambled.labels, scrambled.groups, fold.train, options(new Rng(9)));
    expect(b.choice).toEqual(a.choice);
    expect(b.probe.weights).toEqual(a.probe.weights);
  });

  it('picks a weak penalty on separable features and a strong one on pure noise', () => {
    const separable = dataset(60, 3, 6, 10);
    const noise = dataset(60, 3, 0, 11);
    const train = separable.labels.map((_, i) => i);
    const onSeparable = fitGridProbe(separable.features, separable.labels, separable.groups, train, options(new Rng(12)));
    const onNoise = fitGridProbe(noise.features, noise.labels, noise.groups, train, options(new Rng(12)));
    // separable: confident predictions are right, so little shrinkage wins; noise: anything fitted is overfitting
    expect(onSeparable.choice.l2).toBeLessThanOrEqual(1e-2);
    expect(onNoise.choice.l2).toBeGreaterThanOrEqual(0.1);
    expect(onSeparable.choice.candidates).toHaveLength(GRID.length);
    expect(onSeparable.choice.validationCount + onSeparable.choice.fitCount).toBe(train.length);
  });

  it('falls back to the fixed λ with a reason when there is nothing to choose on', () => {
    const { features, labels, groups } = dataset(6, 3, 2, 13);
    const train = labels.map((_, i) => i);
    const tiny = fitGridProbe(features, labels, groups, train, options(new Rng(14)));
    expect(tiny.choice.l2).toBe(1e-3);
    expect(tiny.choice.note).toMatch(/too small/);
    const noGrid = fitGridProbe(features, labels, groups, train, { ...options(new Rng(14)), grid: [] });
    expect(noGrid.choice).toMatchObject({ l2: 1e-3, candidates: [], validationCount: 0 });
  });
});
