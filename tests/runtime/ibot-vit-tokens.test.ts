import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { initBackend } from '../../runtime/backend.ts';
import { VisionTransformer } from '../../runtime/model/vit.ts';
import { describeVit } from '../../runtime/model/vit-description.ts';

const config = { imageSize: 16, patchSize: 4, dim: 16, depth: 2, heads: 2, mlpRatio: 2 };
const images = (n: number, size: number, seed: number): tf.Tensor3D => tf.randomUniform([n, size, size], 0, 1, 'float32', seed);
const maxAbs = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

beforeAll(async () => {
  await initBackend('wasm');
});

describe('VisionTransformer.tokens and the mask token', () => {
  it('leaves the default parameter list as it was; maskToken appends a zero [1, D] mask_token', () => {
    const plain = VisionTransformer.create(config, new Rng(1), 'plain');
    const masked = VisionTransformer.create(config, new Rng(1), 'masked', { maskToken: true });
    const names = describeVit(config).params.map((p) => p.name);
    expect(plain.params.names()).toEqual(names);
    expect(plain.hasMaskToken).toBe(false);
    expect(masked.params.names()).toEqual([...names, 'mask_token']);
    expect(masked.params.get('mask_token').shape).toEqual([1, 16]);
    expect(Array.from(masked.params.get('mask_token').dataSync()).every((v) => v === 0)).toBe(true);
    // adding the token moves no other parameter's seeded values
    expect(masked.params.get('blocks.0.attn.qkv.weight').dataSync()).toEqual(plain.params.get('blocks.0.attn.qkv.weight').dataSync());
    expect(masked.clone('copy').hasMaskToken).toBe(true);
    expect(() => VisionTransformer.fromWeights(config, masked.toWeights(), 'strict')).toThrow(/unexpected weight mask_token/);
    plain.dispose();
    masked.dispose();
  });

  it('gives the CLS features of `features` bit for bit, and [B·P, D] patch tokens without registers', () => {
    for (const registers of [0, 2]) {
      const vit = VisionTransformer.create({ ...config, registers }, new Rng(2), 'tokens');
      tf.tidy(() => {
        const g = images(3, 16, 1);
        const l = images(2, 8, 2);
        const { cls, patches } = vit.tokens([g, l]);
        expect(Array.from(cls.dataSync())).toEqual(Array.from(vit.features([g, l]).dataSync()));
        expect(patches.map((p) => p.shape)).toEqual([[3 * 16, 16], [2 * 4, 16]]);
        // after the final LayerNorm (weight 1, bias 0 at init): every token has mean 0 and variance ≈ 1
        const { mean, variance } = tf.moments(patches[0], 1);
        expect(tf.max(tf.abs(mean)).dataSync()[0]).toBeLessThan(1e-5);
        expect(tf.max(tf.abs(tf.sub(variance, 1))).dataSync()[0]).toBeLessThan(1e-3);
      });
      vit.dispose();
    }
  });

  it('replaces masked patch embeddings: the pixels under a mask no longer matter, those elsewhere still do', () => {
    const vit = VisionTransformer.create(config, new Rng(3), 'mask', { maskToken: true });
    tf.tidy(() => {
      vit.params.assign('mask_token', Float32Array.from({ length: 16 }, (_, i) => 0.1 * (i - 8)));
      const a = images(2, 16, 4);
      // image 0 rows 0–3 are patches 0–3 (top patch row): change them in b
      const rowMask = tf.concat([tf.ones([1, 4, 16]), tf.zeros([1, 12, 16])], 1);
      const imageMask = tf.concat([rowMask, tf.zeros([1, 16, 16])], 0);
      const b = tf.add(a, tf.mul(imageMask, 0.7)) as tf.Tensor3D;
      const mask = new Uint8Array(2 * 16);
      mask.fill(1, 0, 4);
      const ta = vit.tokens(a, { masks: [mask] });
      const tb = vit.tokens(b, { masks: [mask] });
      expect(maxAbs(ta.cls, tb.cls)).toBeLessThan(1e-6);
      expect(maxAbs(ta.patches[0], tb.patches[0])).toBeLessThan(1e-6);
      expect(maxAbs(vit.tokens(a).cls, vit.tokens(b).cls)).toBeGreaterThan(1e-3);
      // masking changes the output
      expect(maxAbs(ta.cls, vit.tokens(a).cls)).toBeGreaterThan(1e-4);
    });
    vit.dispose();
  });

  it('gives the mask token a gradient only when something is masked, and refuses masks without a token', () => {
    const vit = VisionTransformer.create(config, new Rng(4), 'grad', { maskToken: true });
    const token = vit.params.get('mask_token');
    tf.tidy(() => {
      const x = images(2, 16, 5);
      const mask = new Uint8Array(32);
      mask[5] = 1;
      mask[20] = 1;
      const withMask = tf.variableGrads(() => tf.sum(vit.tokens(x, { masks: [mask] }).patches[0]) as tf.Scalar, [token]);
      expect(tf.max(tf.abs(withMask.grads[token.name])).dataSync()[0]).toBeGreaterThan(0);
      const plain = tf.variableGrads(() => tf.sum(tf.add(vit.tokens(x).cls, tf.mul(token, 0))) as tf.Scalar, [token]);
      expect(tf.max(tf.abs(plain.grads[token.name])).dataSync()[0]).toBe(0);
    });
    vit.dispose();
    const plainVit = VisionTransformer.create(config, new Rng(5), 'no-token');
    expect(() => plainVit.tokens(images(1, 16, 6), { masks: [new Uint8Array(16).fill(1)] })).toThrow(/mask token/);
    plainVit.dispose();
  });
});
