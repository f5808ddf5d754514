import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { initBackend } from '../../runtime/backend.ts';
import { DinoHead } from '../../runtime/model/dino-head.ts';
import { interpolationMatrix } from '../../runtime/model/pos-embed.ts';
import { VisionTransformer } from '../../runtime/model/vit.ts';
import { vitConfigFrom, vitForwardMacs } from '../../runtime/model/vit-config.ts';
import { DEFAULTS } from '../../dsl/defaults.ts';

const config = { imageSize: 16, patchSize: 4, dim: 16, depth: 2, heads: 2, mlpRatio: 2 };
let vit: VisionTransformer;

beforeAll(async () => {
  await initBackend('wasm');
  vit = VisionTransformer.create(config, new Rng(7), 'vit-test');
});
afterAll(() => vit.dispose());

const images = (n: number, size: number, seed: number): tf.Tensor3D => tf.randomUniform([n, size, size], 0, 1, 'float32', seed);

describe('VisionTransformer forward', () => {
  it('gives [B, D] CLS features for global and local crop sizes, together or apart', () => {
    const g = images(3, 16, 1);
    const l = images(4, 8, 2);
    const both = vit.features([g, l]);
    expect(both.shape).toEqual([7, 16]);
    expect(vit.features(g).shape).toEqual([3, 16]);
    expect(vit.features(l).shape).toEqual([4, 16]);
    // stacking crop sizes in one token matrix must not mix images
    const apart = tf.concat([vit.features(g), vit.features(l)]);
    expect(tf.max(tf.abs(tf.sub(both, apart))).dataSync()[0]).toBeLessThan(1e-5);
  });

  it('input normalisation (x − mean) / std equals feeding pre-normalised pixels to the same weights', () => {
    const normed = VisionTransformer.fromWeights({ ...config, inputNorm: { mean: 0.45, std: 0.27 } }, vit.toWeights(), 'vit-norm');
    const x = images(2, 16, 9);
    const direct = normed.features(x);
    const manual = vit.features(tf.div(tf.sub(x, 0.45), 0.27) as tf.Tensor3D);
    expect(tf.max(tf.abs(tf.sub(direct, manual))).dataSync()[0]).toBeLessThan(1e-5);
    normed.dispose();
  });

  it('final LayerNorm output: zero mean and unit variance per row at init (γ = 1, β = 0)', () => {
    const f = vit.features(images(2, 16, 3));
    const { mean, variance } = tf.moments(f, 1);
    expect(tf.max(tf.abs(mean)).dataSync()[0]).toBeLessThan(1e-5);
    // variance is var/(var + eps): the CLS row is small at init (std ≈ 0.02), so eps = 1e-6 shows at 1e-3
    expect(tf.max(tf.abs(tf.sub(variance, 1))).dataSync()[0]).toBeLessThan(1e-2);
  });

  it('an image does not affect another image’s features', () => {
    const a = images(2, 16, 4);
    const b = tf.concat([tf.slice(a, [0, 0, 0], [1, 16, 16]), images(1, 16, 5)]);
    const fa = vit.features(a);
    const fb = vit.features(b);
    expect(tf.max(tf.abs(tf.sub(fa.slice([0, 0], [1, 16]), fb.slice([0, 0], [1, 16])))).dataSync()[0]).toBeLessThan(1e-5);
  });

  it('rejects sizes that are not multiples of the patch', () => {
    expect(() => vit.features(images(1, 10, 1))).toThrow(/multiple of the patch/);
  });
});

describe('positional-embedding interpolation', () => {
  it('is the identity at the base grid', () => {
    const m = interpolationMatrix(4, 4);
    for (let i = 0; i < 16; i++) for (let j = 0; j < 16; j++) expect(m[i * 16 + j]).toBe(i === j ? 1 : 0);
  });

  it('halving the grid averages 2×2 neighbourhoods (bilinear, align_corners=False)', () => {
    const m = interpolationMatrix(2, 4);
    const row0 = Array.from(m.subarray(0, 16));
    expect(row0).toEqual([0.25, 0.25, 0, 0, 0.25, 0.25, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    for (let r = 0; r < 4; r++) expect(m.subarray(r * 16, r * 16 + 16).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('passes gradients to the positional embedding from a resampled grid', () => {
    const pos = vit.params.get('pos_embed');
    const { grads } = tf.variableGrads(() => tf.sum(vit.features(images(2, 8, 6))) as tf.Scalar, [pos]);
    expect(tf.sum(tf.abs(grads[pos.name])).dataSync()[0]).toBeGreaterThan(0);
  });
});

describe('weights', () => {
  it('uses timm names and round-trips through a WeightMap', () => {
    const w = vit.toWeights();
    expect([...w.keys()]).toEqual(expect.arrayContaining([
      'cls_token', 'pos_embed', 'patch_embed.proj.weight', 'blocks.0.attn.qkv.weight', 'blocks.1.mlp.fc2.bias', 'norm.weight',
    ]));
    expect(w.get('pos_embed')!.shape).toEqual([1, 17, 16]);
    const copy = VisionTransformer.fromWeights(config, w, 'copy');
    const x = images(2, 16, 8);
    expect(tf.max(tf.abs(tf.sub(vit.features(x), copy.features(x)))).dataSync()[0]).toBe(0);
    copy.dispose();
  });

  it('clone() copies values into new variables', () => {
    const copy = vit.clone('clone');
    const name = 'blocks.0.attn.qkv.weight';
    expect(copy.params.get(name)).not.toBe(vit.params.get(name));
    copy.params.assign(name, new Float32Array(copy.params.get(name).size));
    expect(tf.sum(tf.abs(vit.params.get(name))).dataSync()[0]).toBeGreaterThan(0);
    copy.dispose();
  });

  it('is initialised from the seed (same seed same weights, std ≈ 0.02)', () => {
    const again = VisionTransformer.create(config, new Rng(7), 'again');
    const a = vit.toWeights().get('blocks.0.mlp.fc1.weight')!.data;
    const b = again.toWeights().get('blocks.0.mlp.fc1.weight')!.data;
    expect(b).toEqual(a);
    const std = Math.sqrt(a.reduce((s, v) => s + v * v, 0) / a.length);
    expect(std).toBeGreaterThan(0.015);
    expect(std).toBeLessThan(0.022);
    again.dispose();
  });

  it('rejects weights of the wrong shape', () => {
    const w = vit.toWeights();
    w.set('norm.weight', { shape: [3], data: new Float32Array(3) });
    expect(() => VisionTransformer.fromWeights(config, w)).toThrow(/norm.weight/);
  });
});

describe('DINO head', () => {
  it('maps features to K logits, bounded by the unit norms (|logit| ≤ 1)', () => {
    const head = DinoHead.create({ inDim: 16, hiddenDim: 32, bottleneckDim: 8, outDim: 10 }, new Rng(1));
    const logits = head.apply(tf.randomNormal([5, 16]));
    expect(logits.shape).toEqual([5, 10]);
    expect(tf.max(tf.abs(logits)).dataSync()[0]).toBeLessThanOrEqual(1 + 1e-5);
    // the weight-normalised prototypes ignore the scale of V
    const v = head.params.get('last_layer.weight_v');
    const x = tf.randomNormal([3, 16], 0, 1, 'float32', 2) as tf.Tensor2D;
    const before = head.apply(x);
    head.params.assign('last_layer.weight_v', new Float32Array(tf.mul(v, 7).dataSync()));
    expect(tf.max(tf.abs(tf.sub(before, head.apply(x)))).dataSync()[0]).toBeLessThan(1e-5);
    head.dispose();
  });
});

describe('config', () => {
  it('resolves the default micro preset and counts FLOPs', () => {
    const c = vitConfigFrom(DEFAULTS.backbone, 64);
    expect(c.dim % c.heads).toBe(0);
    expect(vitForwardMacs(c, 64)).toBeGreaterThan(vitForwardMacs(c, 32));
  });
});
