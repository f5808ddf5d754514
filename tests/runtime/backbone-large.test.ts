// ViT-L/16 (303M parameters, 1.2 GB of float32) fits the 4 GiB WASM heap and runs a forward pass on one
// 224-px image. Weights tile a short seeded pattern: seeded init of all 303M values takes about a minute in JS.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { VIT_PRESETS } from '../../dsl/presets.ts';
import { initBackend } from '../../runtime/backend.ts';
import { describeVit, parameterCount } from '../../runtime/model/vit-description.ts';
import { VisionTransformer } from '../../runtime/model/vit.ts';
import type { WeightMap } from '../../runtime/model/weights.ts';

/** `size` values repeating 1021 seeded normal draws of std 0.02 (+ offset). */
function tiled(size: number, rng: Rng, offset: number): Float32Array {
  const out = new Float32Array(size);
  const period = Math.min(size, 1021);
  for (let i = 0; i < period; i++) out[i] = offset + 0.02 * rng.normal();
  for (let filled = period; filled < size; filled *= 2) out.copyWithin(filled, 0, Math.min(filled, size - filled));
  return out;
}

/** Lets the vitest worker answer its RPCs between long synchronous WASM calls (it times out after 60 s). */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

beforeAll(async () => {
  await initBackend('wasm');
});

describe('ViT-L/16', () => {
  it('builds with 303,301,632 parameters and gives [1, 1024] finite features for a 1×224×224 batch', async () => {
    const config = { imageSize: 224, patchSize: 16, ...VIT_PRESETS.large, inChannels: 3 as const };
    const description = describeVit(config);
    const weights: WeightMap = new Map();
    const rng = new Rng(2);
    for (const p of description.params) {
      const size = p.shape.reduce((a, b) => a * b, 1);
      weights.set(p.name, { shape: p.shape, data: tiled(size, rng.fork(p.name), p.init === 'ones' ? 1 : 0) });
    }
    await yieldToEventLoop();
    const vit = VisionTransformer.fromWeights(config, weights, 'large');
    weights.clear();
    await yieldToEventLoop();
    expect(vit.params.size()).toBe(303_301_632);
    expect(parameterCount(description)).toBe(303_301_632);
    const image = tf.randomUniform([1, 224, 224], 0, 1, 'float32', 1) as tf.Tensor3D;
    const features = vit.features(image);
    expect(features.shape).toEqual([1, 1024]);
    expect(features.dataSync().every(Number.isFinite)).toBe(true);
    features.dispose();
    image.dispose();
    vit.dispose();
  }, 180_000);
});
