import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { knnPredictProba } from '../../benchmarks/knn/knn-classifier.ts';
import { l2NormalizeRows, nearestByCosine } from '../../benchmarks/knn/cosine-neighbours.ts';

interface KnnCase {
  name: string;
  k: number;
  temperature: number;
  numClasses: number;
  trainX: number[][];
  trainY: number[];
  testX: number[][];
  proba: number[][];
}

const fixture = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'protocol-reference.json'), 'utf8')) as { knn: KnnCase[] };

describe('knnPredictProba', () => {
  it.each(fixture.knn.map((c) => [c.name, c] as const))('matches sklearn KNeighborsClassifier(cosine, exp((1−d)/T)) on %s', (_name, c) => {
    const proba = knnPredictProba(c.trainX, c.trainY, c.testX, { numClasses: c.numClasses, k: c.k, temperature: c.temperature });
    // float64 on both sides; the only difference is summation order (and our max-shift of the exponent)
    proba.forEach((row, i) => row.forEach((p, j) => expect(p).toBeCloseTo(c.proba[i][j], 10)));
  });

  it('is perfect on separable features, whatever their scale', () => {
    const rng = new Rng(7);
    const centres = [[5, 0, 0], [0, 5, 0], [0, 0, 5]];
    const sample = (n: number) => {
      const y = Array.from({ length: n }, (_, i) => i % 3);
      // cosine ignores scale: multiply each row by a random positive factor
      const X = y.map((c) => centres[c].map((v) => (v + rng.normal(0, 0.3)) * rng.uniform(0.1, 10)));
      return { X, y };
    };
    const train = sample(60);
    const test = sample(30);
    const proba = knnPredictProba(train.X, train.y, test.X, { numClasses: 3, k: 20, temperature: 0.07 });
    proba.forEach((row, i) => expect(row.indexOf(Math.max(...row))).toBe(test.y[i]));
  });

  it('gives the hand-computed weighted vote on a tiny example', () => {
    // Query (1, 0). Training rows and their cosines: (2, 0) → 1 [class 0], (0, 3) → 0 [class 1],
    // (1, 1) → 1/√2 [class 1], (−1, 0) → −1 [class 0]. k = 3 keeps the first three; T = 0.5.
    // Votes: class 0: e^{1/0.5} = e²; class 1: e^{0/0.5} + e^{(1/√2)/0.5} = 1 + e^{√2}.
    const [proba] = knnPredictProba([[2, 0], [0, 3], [1, 1], [-1, 0]], [0, 1, 1, 0], [[1, 0]], { numClasses: 3, k: 3, temperature: 0.5 });
    const e2 = 7.38905609893065; // e²
    const class1 = 1 + 4.113250378782927; // 1 + e^{√2}
    expect(proba[0]).toBeCloseTo(e2 / (e2 + class1), 12);
    expect(proba[1]).toBeCloseTo(class1 / (e2 + class1), 12);
    expect(proba[2]).toBe(0); // no neighbour of class 2
  });

  it('splits a tied vote evenly, and breaks a tie at the k-th neighbour by training order', () => {
    // Two training rows equally similar to the query, one per class: equal probabilities.
    const [even] = knnPredictProba([[1, 1], [1, -1]], [0, 1], [[1, 0]], { numClasses: 2, k: 2, temperature: 0.07 });
    expect(even[0]).toBeCloseTo(0.5, 12);
    expect(even[1]).toBeCloseTo(0.5, 12);
    // With k = 1 only one of the two tied rows may vote: the lower training index, deterministically.
    const [first] = knnPredictProba([[1, 1], [1, -1]], [0, 1], [[1, 0]], { numClasses: 2, k: 1, temperature: 0.07 });
    expect(first).toEqual([1, 0]);
    const [swapped] = knnPredictProba([[1, -1], [1, 1]], [1, 0], [[1, 0]], { numClasses: 2, k: 1, temperature: 0.07 });
    expect(swapped).toEqual([0, 1]);
  });

  it('caps k at the training size and survives a tiny temperature without overflow', () => {
    const [row] = knnPredictProba([[1, 0], [0.9, 0.1]], [0, 1], [[1, 0.05]], { numClasses: 2, k: 50, temperature: 1e-4 });
    expect(row[0] + row[1]).toBeCloseTo(1, 12);
    expect(Number.isFinite(row[0]) && Number.isFinite(row[1])).toBe(true);
  });

  it('rejects bad arguments', () => {
    expect(() => knnPredictProba([], [], [[1]], { numClasses: 2, k: 1, temperature: 1 })).toThrow(/at least one/);
    expect(() => knnPredictProba([[1]], [2], [[1]], { numClasses: 2, k: 1, temperature: 1 })).toThrow(/class index/);
    expect(() => knnPredictProba([[1]], [0], [[1]], { numClasses: 2, k: 0, temperature: 1 })).toThrow(/k must/);
    expect(() => knnPredictProba([[1]], [0], [[1]], { numClasses: 2, k: 1, temperature: 0 })).toThrow(/temperature/);
  });
});

describe('cosine neighbours', () => {
  it('normalises rows to unit length and keeps a zero row at zero', () => {
    const [a, zero] = l2NormalizeRows([[3, 4], [0, 0]]);
    expect(Array.from(a)).toEqual([0.6, 0.8]);
    expect(Array.from(zero)).toEqual([0, 0]);
  });

  it('orders neighbours by similarity', () => {
    const reference = l2NormalizeRows([[0, 1], [1, 0], [1, 1]]);
    expect(nearestByCosine([1, 0], reference, 3).map((n) => n.index)).toEqual([1, 2, 0]);
  });
});
