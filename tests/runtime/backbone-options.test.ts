// Register tokens, LayerScale, stochastic depth and 3-channel input: each checked against an equivalent model
// built another way (a truncated model, an unscaled model, summed patch kernels), and off-by-default exactly.
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { initBackend } from '../../runtime/backend.ts';
import { adaptPatchChannels } from '../../runtime/model/checkpoint/tensor-layout.ts';
import { dropPathImageScales } from '../../runtime/model/drop-path.ts';
import { setKernelMode } from '../../runtime/model/kernel-mode.ts';
import type { VitConfig } from '../../runtime/model/vit-config.ts';
import { VisionTransformer } from '../../runtime/model/vit.ts';
import type { WeightMap } from '../../runtime/model/weights.ts';

const BASE: VitConfig = { imageSize: 16, patchSize: 4, dim: 16, depth: 2, heads: 2, mlpRatio: 2 };

beforeAll(async () => {
  await initBackend('wasm');
});
afterEach(() => setKernelMode('auto'));

const images = (n: number, size: number, seed: number): tf.Tensor3D => tf.randomUniform([n, size, size], 0, 1, 'float32', seed);
const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];

function withWeights(config: VitConfig, weights: WeightMap, edit: (w: WeightMap) => void): VisionTransformer {
  const copy: WeightMap = new Map([...weights].map(([k, v]) => [k, { shape: [...v.shape], data: v.data.slice() }]));
  edit(copy);
  return VisionTransformer.fromWeights(config, copy, 'edited');
}

describe('defaults', () => {
  it('explicit zero registers / LayerScale / drop path and one channel build the same weights and features bit for bit', () => {
    const plain = VisionTransformer.create(BASE, new Rng(3), 'plain');
    const explicit = VisionTransformer.create({ ...BASE, registers: 0, layerScale: 0, dropPath: 0, inChannels: 1 }, new Rng(3), 'explicit');
    expect(explicit.params.names()).toEqual(plain.params.names());
    const x = [images(2, 16, 1), images(3, 8, 2)];
    expect(maxAbsDiff(plain.features(x), explicit.features(x, { train: { rng: new Rng(1) } }))).toBe(0);
    plain.dispose();
    explicit.dispose();
  });
});

describe('register tokens', () => {
  const config: VitConfig = { ...BASE, registers: 3 };

  it('are [1, R, D] parameters (DINOv2 init: normal, std 1e-6) that change the CLS output but are not returned', () => {
    const vit = VisionTransformer.create(config, new Rng(4), 'reg');
    const reg = vit.toWeights().get('register_tokens')!;
    expect(reg.shape).toEqual([1, 3, 16]);
    expect(Math.max(...reg.data.map(Math.abs))).toBeLessThan(1e-5);
    const x = images(2, 16, 3);
    expect(vit.features(x).shape).toEqual([2, 16]);
    // not a constant vector: LayerNorm maps those to 0
    const moved = withWeights(config, vit.toWeights(), (w) => w.get('register_tokens')!.data.forEach((_, i, d) => { d[i] = (i % 5) - 2; }));
    expect(maxAbsDiff(vit.features(x), moved.features(x))).toBeGreaterThan(1e-3);
    vit.dispose();
    moved.dispose();
  });

  it('fused SIMD attention equals composed ops with 1 + 3 + 16 and 1 + 3 + 4 tokens per image, in value and gradient', () => {
    const wide: VitConfig = { ...config, dim: 32, heads: 2 }; // head width 16
    // registers of order 1 (at init, std 1e-6, LayerNorm's eps amplifies rounding differences ~1000×)
    const vit = withWeights(wide, VisionTransformer.create(wide, new Rng(5), 'init').toWeights(), (w) =>
      w.get('register_tokens')!.data.forEach((_, i, d) => { d[i] = Math.sin(i); }));
    const x = [images(2, 16, 4), images(2, 8, 5)];
    const run = (mode: 'simd' | 'ops'): [tf.Tensor, tf.Tensor] => {
      setKernelMode(mode);
      const reg = vit.params.get('register_tokens');
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(vit.features(x))) as tf.Scalar, [reg]);
      return [value, grads[reg.name]];
    };
    const [simdValue, simdGrad] = run('simd');
    const [opsValue, opsGrad] = run('ops');
    expect(Math.abs(simdValue.dataSync()[0] - opsValue.dataSync()[0])).toBeLessThan(1e-4);
    const scale = tf.max(tf.abs(opsGrad)).dataSync()[0];
    expect(scale).toBeGreaterThan(0);
    // whole-model gradients differ by ~1e-4 relative between the SIMD and ops paths with or without registers
    // (measured: 1.1e-4 at R = 0); attention alone at these token counts is held to 1e-5 in layers.test.ts
    expect(maxAbsDiff(simdGrad, opsGrad) / scale).toBeLessThan(1e-3);
    vit.dispose();
  });
});

describe('LayerScale', () => {
  const config: VitConfig = { ...BASE, layerScale: 1e-5 };

  it('adds per-channel γ [D] on both branches of every block, initialised to the configured value', () => {
    const vit = VisionTransformer.create(config, new Rng(6), 'ls');
    const w = vit.toWeights();
    for (const name of ['blocks.0.ls1.gamma', 'blocks.0.ls2.gamma', 'blocks.1.ls1.gamma', 'blocks.1.ls2.gamma']) {
      expect(w.get(name)!.shape).toEqual([16]);
      expect([...new Set(w.get(name)!.data)]).toEqual([Math.fround(1e-5)]);
    }
    vit.dispose();
  });

  it('with γ = 1 equals the model without LayerScale; with γ = 0 every block is the identity', () => {
    const plain = VisionTransformer.create(BASE, new Rng(7), 'plain');
    const gammas = (value: number) => (w: WeightMap): void => {
      for (let i = 0; i < 2; i++) for (const b of ['ls1', 'ls2']) w.set(`blocks.${i}.${b}.gamma`, { shape: [16], data: new Float32Array(16).fill(value) });
    };
    const ones = withWeights(config, plain.toWeights(), gammas(1));
    const x = images(3, 16, 8);
    expect(maxAbsDiff(plain.features(x), ones.features(x))).toBeLessThan(1e-5);
    const zeros = withWeights(config, plain.toWeights(), gammas(0));
    const noBlocks = withWeights({ ...BASE, depth: 0 }, plain.toWeights(), (w) => {
      for (const name of [...w.keys()]) if (name.startsWith('blocks.')) w.delete(name);
    });
    expect(maxAbsDiff(zeros.features(x), noBlocks.features(x))).toBeLessThan(1e-6);
    [plain, ones, zeros, noBlocks].forEach((m) => m.dispose());
  });

  it('passes gradients to γ', () => {
    const vit = VisionTransformer.create(config, new Rng(9), 'ls-grad');
    const gamma = vit.params.get('blocks.1.ls2.gamma');
    const { grads } = tf.variableGrads(() => tf.sum(tf.square(vit.features(images(2, 16, 10)))) as tf.Scalar, [gamma]);
    expect(tf.sum(tf.abs(grads[gamma.name])).dataSync()[0]).toBeGreaterThan(0);
    vit.dispose();
  });
});

describe('stochastic depth', () => {
  it('per-image factors: dropped with the rate, kept ones scaled by 1/(1 − rate), mean 1', () => {
    const scales = dropPathImageScales(new Rng(11), 200_000, 0.3);
    const dropped = scales.filter((s) => s === 0).length / scales.length;
    expect(Math.abs(dropped - 0.3)).toBeLessThan(0.005); // binomial sd ≈ 0.001
    expect(new Set(scales)).toEqual(new Set([0, Math.fround(1 / 0.7)]));
    expect(Math.abs(scales.reduce((a, b) => a + b, 0) / scales.length - 1)).toBeLessThan(0.01);
  });

  it('never drops in evaluation; in training it is reproducible from the rng and differs between rngs', () => {
    const config: VitConfig = { ...BASE, depth: 4, dropPath: 0.5 };
    const vit = VisionTransformer.create(config, new Rng(12), 'dp');
    const reference = VisionTransformer.fromWeights({ ...config, dropPath: 0 }, vit.toWeights(), 'dp0');
    const x = images(6, 16, 13);
    expect(maxAbsDiff(vit.features(x), reference.features(x))).toBe(0);
    const a = vit.features(x, { train: { rng: new Rng(1) } });
    expect(maxAbsDiff(a, vit.features(x, { train: { rng: new Rng(1) } }))).toBe(0);
    expect(maxAbsDiff(a, vit.features(x, { train: { rng: new Rng(2) } }))).toBeGreaterThan(1e-3);
    vit.dispose();
    reference.dispose();
  });

  it('a block whose branches are dropped is skipped: rate ≈ 1 on the last block equals the model without it', () => {
    // rates rise linearly 0 → 0.999999, so block 0 always runs and block 1 (almost surely) never does
    const config: VitConfig = { ...BASE, dropPath: 0.999999 };
    const vit = VisionTransformer.create(config, new Rng(14), 'dp-last');
    const truncated = withWeights({ ...BASE, depth: 1 }, vit.toWeights(), (w) => {
      for (const name of [...w.keys()]) if (name.startsWith('blocks.1.')) w.delete(name);
    });
    const x = images(3, 16, 15);
    expect(maxAbsDiff(vit.features(x, { train: { rng: new Rng(3) } }), truncated.features(x))).toBeLessThan(1e-6);
    vit.dispose();
    truncated.dispose();
  });

  it('trains: gradients flow through kept branches', () => {
    const vit = VisionTransformer.create({ ...BASE, dropPath: 0.2 }, new Rng(16), 'dp-grad');
    const w = vit.params.get('blocks.1.mlp.fc2.weight');
    const { grads } = tf.variableGrads(() => tf.sum(tf.square(vit.features(images(4, 16, 17), { train: { rng: new Rng(4) } }))) as tf.Scalar, [w]);
    expect(tf.sum(tf.abs(grads[w.name])).dataSync()[0]).toBeGreaterThan(0);
    vit.dispose();
  });
});

describe('3-channel input', () => {
  it('replicates grayscale to 3 channels: equal to 1 channel with the summed kernels', () => {
    const rgb = VisionTransformer.create({ ...BASE, inChannels: 3 }, new Rng(18), 'rgb');
    const w = rgb.toWeights();
    expect(w.get('patch_embed.proj.weight')!.shape).toEqual([48, 16]);
    const gray = withWeights(BASE, w, (m) => m.set('patch_embed.proj.weight', adaptPatchChannels(m.get('patch_embed.proj.weight')!, 3, 1)));
    // the summed kernel, written out: row r of the 1-channel kernel is rows r, 16 + r, 32 + r of the RGB one
    const rgbKernel = w.get('patch_embed.proj.weight')!.data;
    expect(gray.toWeights().get('patch_embed.proj.weight')!.data[5 * 16 + 3]).toBeCloseTo(rgbKernel[5 * 16 + 3] + rgbKernel[21 * 16 + 3] + rgbKernel[37 * 16 + 3], 6);
    const x = [images(2, 16, 19), images(2, 8, 20)];
    expect(maxAbsDiff(rgb.features(x), gray.features(x))).toBeLessThan(1e-5);
    rgb.dispose();
    gray.dispose();
  });
});
