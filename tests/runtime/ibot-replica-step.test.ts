// One training step of the DINOv2 options at the replica level: the summed gradient of a batch split over two
// replicas equals the one-replica gradient (the optimiser, which amplifies rounding, is not involved).
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { initBackend } from '../../runtime/backend.ts';
import { DinoHead } from '../../runtime/model/dino-head.ts';
import { VisionTransformer } from '../../runtime/model/vit.ts';
import type { DinoReplicaInit, DinoShardResult, DinoStep } from '../../runtime/train/dino-messages.ts';
import { DinoReplica } from '../../runtime/train/dino-replica.ts';
import { shardPositions, shareImages } from '../../runtime/train/parallel/replica.ts';
import { withSinkhornCenters } from '../../runtime/train/sinkhorn-step.ts';
import { standInShapes } from './stand-in-shapes.ts';
import { TINY_VIT, tinyPretrain } from './tiny-setup.ts';

const BATCH = 8;
let init: DinoReplicaInit;

beforeAll(async () => {
  await initBackend('wasm');
  const data = standInShapes(BATCH, 16, 14);
  const vit = VisionTransformer.create(TINY_VIT, new Rng(14), 'step-init');
  const pretrain = tinyPretrain({ centering: 'sinkhorn-knopp', ibot: { weight: 1, maskRatio: [0.1, 0.5], maskProbability: 0.5, headSharing: true } });
  const headConfig = { inDim: TINY_VIT.dim, ...pretrain.head };
  const head = DinoHead.create(headConfig, new Rng(15), 'step-head');
  init = {
    vit: TINY_VIT, head: headConfig, studentWeights: vit.toWeights(), headWeights: head.toWeights(), pretrain,
    images: shareImages(data.images, 16), augmentSeed: 16,
  };
  vit.dispose();
  head.dispose();
});

/** The step on `parts` replicas (one per shard): summed gradient and shard results. */
async function oneStep(parts: number): Promise<{ gradient: Float32Array; results: DinoShardResult[] }> {
  const replicas = Array.from({ length: parts }, () => new DinoReplica(init));
  const gradients = replicas.map((r) => new Float32Array(r.gradientSize));
  const runner = {
    step: async (shards: DinoStep[]) => shards.map((s, i) => replicas[i].computeShard(s, gradients[i])),
  };
  const indices = Array.from({ length: BATCH }, (_, i) => i);
  const shards = shardPositions(BATCH, parts).map((positions) => ({
    step: 3, positions, indices: positions.map((p) => indices[p]), batchSize: BATCH, teacherTemp: 0.04, diagnostics: false,
  }));
  const results = await runner.step(await withSinkhornCenters(runner, shards, init.head.outDim, true));
  const gradient = new Float32Array(gradients[0].length);
  for (const g of gradients) g.forEach((v, i) => (gradient[i] += v));
  for (const r of replicas) r.dispose();
  return { gradient, results };
}

describe('one Sinkhorn–Knopp + iBOT step, 1 vs 2 replicas', () => {
  it('gives the same loss terms (1e-5) and summed gradient (1e-5 of its largest entry)', async () => {
    const before = tf.memory().numTensors;
    const one = await oneStep(1);
    const two = await oneStep(2);
    const total = (results: DinoShardResult[], pick: (r: DinoShardResult) => number): number => results.reduce((s, r) => s + pick(r), 0);
    for (const pick of [(r: DinoShardResult) => r.loss, (r: DinoShardResult) => r.distillation, (r: DinoShardResult) => r.ibot, (r: DinoShardResult) => r.koleo]) {
      expect(Math.abs(total(one.results, pick) - total(two.results, pick))).toBeLessThan(1e-5);
    }
    expect(total(one.results, (r) => r.ibot)).toBeGreaterThan(0);
    expect(total(one.results, (r) => r.maskedPatches)).toBe(total(two.results, (r) => r.maskedPatches));
    let maxDiff = 0;
    let maxAbs = 0;
    one.gradient.forEach((v, i) => {
      maxDiff = Math.max(maxDiff, Math.abs(v - two.gradient[i]));
      maxAbs = Math.max(maxAbs, Math.abs(v));
    });
    // relative to the largest gradient entry (≈ 2000 here: τ_s = 0.1 and a fresh head): float32 rounding of
    // shard-sized sums, measured 3e-7
    expect(maxAbs).toBeGreaterThan(1);
    expect(maxDiff / maxAbs).toBeLessThan(1e-5);
    // replicas disposed, teacher outputs kept between the phases released
    expect(tf.memory().numTensors).toBe(before);
  });
});
