// ITM's properties as a whole estimator: what the score is (the best of five held-out accuracies on the authors'
// 80/20 split), invariance to the order of columns and of samples (exact: draws run over a canonical order) and to
// a positive affine rescaling of any column (the per-column z-scoring the method starts with), separable classes
// scoring above shuffled labels, determinism for a seed, and refusal of options that define no score.
import { describe, expect, it } from 'vitest';
import { itmDetails, itmScore } from '../../../benchmarks/transferability/itm.ts';
import { Rng } from '../../../benchmarks/rng.ts';
import { permutedColumns, separableFeatures, shuffledLabels } from './synthetic-features.ts';

const separable = separableFeatures(240, 12, 3, 1.5, 41);
// Overlapping classes, so that the invariance checks compare scores strictly between chance and 1.
const noisy = separableFeatures(240, 12, 3, 0.35, 9);

describe('ITM score', () => {
  it('is the best of the held-out accuracies measured every 100 of 500 iterations, on a floor(0.8 N) / rest split', () => {
    const details = itmDetails(noisy.features, noisy.labels);
    expect(details.trainSize).toBe(192);
    expect(details.validationSize).toBe(48);
    expect(details.evaluations).toHaveLength(5);
    expect(details.score).toBe(Math.max(...details.evaluations));
    for (const accuracy of details.evaluations) expect(Math.abs(accuracy * 48 - Math.round(accuracy * 48))).toBeLessThan(1e-9);
    expect(details.score).toBeGreaterThan(0.4);
    expect(details.score).toBeLessThan(1);
  });

  it('follows the iteration and evaluation options', () => {
    const details = itmDetails(noisy.features, noisy.labels, { iterations: 60, evaluationInterval: 20, trainFraction: 0.5 });
    expect(details.evaluations).toHaveLength(3);
    expect([details.trainSize, details.validationSize]).toEqual([120, 120]);
  });

  it('scores separable classes near 1 and far above the same features with shuffled labels', () => {
    const score = itmScore(separable.features, separable.labels);
    expect(score).toBeGreaterThan(0.95);
    expect(itmScore(separable.features, shuffledLabels(separable.labels, 5))).toBeLessThan(score - 0.4);
  });

  it('is deterministic for a seed, and the seed changes the split and the draws', () => {
    const scores = [1, 2, 3, 4].map((seed) => itmScore(noisy.features, noisy.labels, { seed }));
    expect(itmScore(noisy.features, noisy.labels, { seed: 1 })).toBe(scores[0]);
    expect(new Set(scores).size).toBeGreaterThan(1);
  });
});

describe('ITM invariances', () => {
  const base = itmScore(noisy.features, noisy.labels, { seed: 3 });

  it('is invariant to a permutation of the feature columns', () => {
    expect(itmScore(permutedColumns(noisy.features, 17), noisy.labels, { seed: 3 })).toBe(base);
  });

  it('is invariant to the order of the samples', () => {
    const order = new Rng(23).shuffle(noisy.labels.map((_, i) => i));
    const rows = order.map((i) => noisy.features[i]);
    expect(itmScore(rows, order.map((i) => noisy.labels[i]), { seed: 3 })).toBe(base);
  });

  it('is invariant to a positive scale and shift of each column (the features are z-scored first)', () => {
    const rescaled = noisy.features.map((row) => row.map((value, j) => value * 10 ** ((j % 5) - 2) + 3 * j - 7));
    expect(itmScore(rescaled, noisy.labels, { seed: 3 })).toBe(base);
  });
});

describe('ITM options', () => {
  it('refuses options that define no score', () => {
    expect(() => itmScore(noisy.features, noisy.labels, { trainFraction: 1 })).toThrow(/ITM: trainFraction must lie in \(0, 1\)/);
    expect(() => itmScore(noisy.features.slice(0, 2), [0, 1], { trainFraction: 0.4 })).toThrow(/leaves 0 to train and 2 to hold out/);
    expect(() => itmScore(noisy.features, noisy.labels, { iterations: 50 })).toThrow(/evaluationInterval 100 exceeds iterations 50/);
    expect(() => itmScore(noisy.features, noisy.labels, { batchSize: 0 })).toThrow(/batchSize must be a positive integer/);
    expect(() => itmScore(noisy.features, noisy.labels, { evolutionRate: -1 })).toThrow(/evolutionRate must be a finite number ≥ 0/);
  });
});
