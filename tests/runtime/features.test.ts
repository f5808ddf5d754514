import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { initBackend } from '../../runtime/backend.ts';
import { extractFeatures } from '../../runtime/model/features.ts';
import { VisionTransformer } from '../../runtime/model/vit.ts';
import { standInShapes } from './stand-in-shapes.ts';
import { TINY_VIT } from './tiny-setup.ts';

let vit: VisionTransformer;
beforeAll(async () => {
  await initBackend('wasm');
  vit = VisionTransformer.create(TINY_VIT, new Rng(1), 'features');
});
afterAll(() => vit.dispose());

describe('extractFeatures', () => {
  const { images } = standInShapes(10, 16, 3);

  it('returns one float64 CLS feature row per image, independent of the batch size, without leaks', async () => {
    const before = tf.memory().numTensors;
    const big = await extractFeatures(vit, images, 16, 64);
    const small = await extractFeatures(vit, images, 16, 3);
    expect(tf.memory().numTensors).toBe(before);
    expect(big.length).toBe(10);
    expect(big[0]).toBeInstanceOf(Float64Array);
    expect(big[0].length).toBe(TINY_VIT.dim);
    for (let i = 0; i < 10; i++) for (let j = 0; j < TINY_VIT.dim; j++) expect(small[i][j]).toBeCloseTo(big[i][j], 5);
  });

  it('rejects images of the wrong size', async () => {
    await expect(extractFeatures(vit, [new Float32Array(10)], 16, 4)).rejects.toThrow(/expected 16²/);
  });
});
