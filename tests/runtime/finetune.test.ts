import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { logLoss } from '../../benchmarks/probe/l2-grid.ts';
import { initBackend } from '../../runtime/backend.ts';
import { VisionTransformer } from '../../runtime/model/vit.ts';
import type { WeightMap } from '../../runtime/model/weights.ts';
import { fineTuneFold } from '../../runtime/train/finetune.ts';
import { shutdownReplicaWorkers } from '../../runtime/train/parallel/replica-workers.ts';
import { trainSupervised } from '../../runtime/train/supervised.ts';
import { TINY_VIT } from './tiny-setup.ts';

let pretrained: WeightMap;

beforeAll(async () => {
  await initBackend('wasm');
  // stands in for a DINO teacher: any fixed backbone the protocol must start from
  const vit = VisionTransformer.create(TINY_VIT, new Rng(5), 'pretrained');
  pretrained = vit.toWeights();
  vit.dispose();
});
afterAll(async () => {
  await shutdownReplicaWorkers();
});

/** Phantom-like halves: class 1 has a bright top half, class 0 a bright bottom half; two images per patient. */
function halves(n: number, seed: number): { images: Float32Array[]; labels: number[]; groups: string[] } {
  const rng = new Rng(seed);
  const images: Float32Array[] = [];
  const labels: number[] = [];
  const groups: string[] = [];
  for (let i = 0; i < n; i++) {
    const label = (i >> 1) % 2;
    const img = new Float32Array(256);
    for (let y = 0; y < 16; y++) for (let x = 0; x < 16; x++) img[y * 16 + x] = ((y < 8) === (label === 1) ? 0.8 : 0.2) + rng.normal(0, 0.05);
    images.push(img);
    labels.push(label);
    groups.push(`patient-${i >> 1}`);
  }
  return { images, labels, groups };
}

const SETTINGS = { epochs: 12, batchSize: 8, lr: 3e-2, layerDecay: 0.75, labelSmoothing: 0.1, patience: 3, validationFraction: 0.25 };
const accuracy = (proba: number[][], labels: number[]) => proba.filter((p, i) => p.indexOf(Math.max(...p)) === labels[i]).length / labels.length;

describe('fineTuneFold', () => {
  it('improves over its start on separable phantom-like data, records its stopping epoch and leaks no tensor', async () => {
    const data = halves(64, 1);
    const train = Array.from({ length: 48 }, (_, i) => i);
    const test = Array.from({ length: 16 }, (_, i) => 48 + i);
    const testLabels = test.map((i) => data.labels[i]);
    // the start: the same backbone and head init, zero steps (the protocol forks its training stream as 'train')
    const start = await trainSupervised({
      images: train.map((i) => data.images[i]), labels: train.map((i) => data.labels[i]), numClasses: 2, config: TINY_VIT,
      settings: { epochs: 1, batchSize: 8, lr: 1e-3 }, backbone: pretrained, maxSteps: 0, rng: new Rng(2).fork('train'), replicas: 1,
    });
    const before = await start.predictProba(test.map((i) => data.images[i]));
    start.dispose();

    const tensors = tf.memory().numTensors;
    const out = await fineTuneFold({ ...data, numClasses: 2, train, test, config: TINY_VIT, backbone: pretrained, settings: SETTINGS, rng: new Rng(2), replicas: 1 });
    expect(tf.memory().numTensors).toBe(tensors);

    // both classes have the same mean intensity: the backbone itself must learn where the bright half is
    expect(accuracy(out.probabilities, testLabels)).toBeGreaterThanOrEqual(0.9);
    expect(accuracy(before, testLabels)).toBeLessThanOrEqual(0.75);
    expect(logLoss(out.probabilities, testLabels)).toBeLessThan(logLoss(before, testLabels) - 0.3);
    // 24 training patients, 12 per class: round(0.75 · 12) = 9 per class fit, 3 validate
    expect(out.selection).toMatchObject({ fitCount: 36, validationCount: 12, criterion: 'validation log-loss (early stopping)' });
    const losses = out.selection.candidates.map((c) => c.score);
    expect(out.selection.chosen.epoch).toBe(losses.indexOf(Math.min(...losses)) + 1);
  });

  it('stops early and restores the best epoch on a validation set that gets worse as training improves', async () => {
    const data = halves(48, 3);
    const heldOut = halves(16, 4);
    // flipped labels: the better the model fits, the worse this validation loss, so epoch 1 or 2 is the best one
    const model = await trainSupervised({
      images: data.images, labels: data.labels, numClasses: 2, config: TINY_VIT, settings: { epochs: 12, batchSize: 8, lr: 3e-2 },
      backbone: pretrained, layerDecay: 0.75, rng: new Rng(6), replicas: 1,
      validation: { images: heldOut.images, labels: heldOut.labels.map((l) => 1 - l), patience: 2 },
    });
    try {
      const losses = model.validationLosses;
      const best = losses.indexOf(Math.min(...losses)) + 1;
      expect(model.epochs).toBeLessThan(12);
      expect(model.epochs).toBe(best + 2);
      expect(model.keptEpoch).toBe(best);
      expect(losses[best - 1]).toBeLessThan(losses.at(-1)!);
      // the returned weights are the best epoch's: recomputing its validation loss gives the recorded minimum
      const again = logLoss(await model.predictProba(heldOut.images), heldOut.labels.map((l) => 1 - l));
      expect(again).toBeCloseTo(losses[best - 1], 6);
    } finally {
      model.dispose();
    }
  });

  it('trains data-parallel with layer decay and label smoothing exactly as on one replica', async () => {
    const data = halves(16, 7);
    const run = async (replicas: number) => {
      const losses: number[] = [];
      const model = await trainSupervised({
        images: data.images, labels: data.labels, numClasses: 2, config: TINY_VIT, settings: { epochs: 5, batchSize: 8, lr: 1e-2 },
        backbone: pretrained, layerDecay: 0.5, labelSmoothing: 0.2, rng: new Rng(8), replicas, maxSteps: 3,
        onProgress: (_s, _n, info) => losses.push(info!.loss),
      });
      model.dispose();
      return losses;
    };
    const one = await run(1);
    const two = await run(2);
    expect(one).toHaveLength(3);
    two.forEach((loss, i) => expect(loss).toBeCloseTo(one[i], 5));
  });
});
