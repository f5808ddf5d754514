import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { initBackend } from '../../runtime/backend.ts';
import { shutdownReplicaWorkers } from '../../runtime/train/parallel/replica-workers.ts';
import { trainSupervised } from '../../runtime/train/supervised.ts';
import { TINY_VIT } from './tiny-setup.ts';

beforeAll(async () => {
  await initBackend('wasm');
});
afterAll(async () => {
  await shutdownReplicaWorkers();
});

/** Class 1 has a bright top half, class 0 a bright bottom half (horizontal flips keep them apart). */
function halves(n: number, seed: number): { images: Float32Array[]; labels: number[] } {
  const rng = new Rng(seed);
  const images: Float32Array[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const img = new Float32Array(256);
    for (let y = 0; y < 16; y++) for (let x = 0; x < 16; x++) img[y * 16 + x] = ((y < 8) === (label === 1) ? 0.8 : 0.2) + rng.normal(0, 0.05);
    images.push(img);
    labels.push(label);
  }
  return { images, labels };
}

describe('trainSupervised', () => {
  it('learns a trivially separable task and predicts probabilities that sum to 1', async () => {
    const train = halves(32, 1);
    const test = halves(16, 2);
    const before = tf.memory().numTensors;
    const model = await trainSupervised({
      ...train, numClasses: 2, config: TINY_VIT, rng: new Rng(1), replicas: 1,
      settings: { epochs: 15, batchSize: 8, lr: 3e-3 },
    });
    expect(model.steps).toBe(60);
    const probs = await model.predictProba(test.images);
    expect(probs.length).toBe(16);
    for (const row of probs) expect(row[0] + row[1]).toBeCloseTo(1, 5);
    // both classes have the same mean intensity: the model must learn where the bright half is
    const accuracy = probs.filter((row, i) => (row[1] > row[0] ? 1 : 0) === test.labels[i]).length / 16;
    expect(accuracy).toBeGreaterThanOrEqual(0.75);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each([0, 0.3])('caps the number of steps and runs data-parallel with the same losses (dropPath %s)', async (dropPath) => {
    const train = halves(16, 3);
    const run = async (replicas: number) => {
      const losses: number[] = [];
      const model = await trainSupervised({
        ...train, numClasses: 2, config: { ...TINY_VIT, dropPath }, rng: new Rng(4), replicas, maxSteps: 3,
        settings: { epochs: 10, batchSize: 8, lr: 1e-3 }, onProgress: (_s, _n, info) => losses.push(info!.loss),
      });
      model.dispose();
      return { losses, steps: model.steps };
    };
    const one = await run(1);
    const two = await run(2);
    expect(one.steps).toBe(3);
    two.losses.forEach((l, i) => expect(l).toBeCloseTo(one.losses[i], 5));
  });

  it('applies stochastic depth in training passes only: losses change with dropPath, repeat with the seed', async () => {
    const train = halves(16, 5);
    const losses = async (dropPath: number) => {
      const seen: number[] = [];
      const model = await trainSupervised({
        ...train, numClasses: 2, config: { ...TINY_VIT, dropPath }, rng: new Rng(6), replicas: 1, maxSteps: 3,
        settings: { epochs: 10, batchSize: 8, lr: 1e-3 }, onProgress: (_s, _n, info) => seen.push(info!.loss),
      });
      // prediction never drops paths: the same weights give the same probabilities twice
      const a = await model.predictProba(train.images.slice(0, 4));
      const b = await model.predictProba(train.images.slice(0, 4));
      expect(a).toEqual(b);
      model.dispose();
      return seen;
    };
    const plain = await losses(0);
    const dropped = await losses(0.5);
    expect(dropped).not.toEqual(plain);
    expect(await losses(0.5)).toEqual(dropped);
  });
});
