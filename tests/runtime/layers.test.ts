// Hand-written gradients (linear, LayerNorm, GELU, fused attention) against tfjs autograd of plain ops on
// the cpu backend, and the fused SIMD attention against the composed-ops attention.
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../runtime/backend.ts';
import { multiHeadAttention } from '../../runtime/model/attention.ts';
import { gelu, geluScalar } from '../../runtime/model/gelu.ts';
import { setKernelMode } from '../../runtime/model/kernel-mode.ts';
import { layerNorm } from '../../runtime/model/layer-norm.ts';
import { linear } from '../../runtime/model/linear.ts';

beforeAll(async () => {
  await initBackend('cpu');
});
afterEach(() => setKernelMode('auto'));

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
const rand = (shape: number[], seed: number): tf.Tensor => tf.randomNormal(shape, 0, 1, 'float32', seed);

describe('linear', () => {
  it('value and gradients equal those of matMul + add', () => {
    const [x, w, b, probe] = [rand([5, 3], 1), rand([3, 4], 2), rand([4], 3), rand([5, 4], 4)];
    const ours = tf.grads((a, c, d) => tf.sum(tf.mul(linear(a as tf.Tensor2D, c as tf.Tensor2D, d as tf.Tensor1D), probe)))([x, w, b]);
    const plain = tf.grads((a, c, d) => tf.sum(tf.mul(tf.add(tf.matMul(a as tf.Tensor2D, c as tf.Tensor2D), d), probe)))([x, w, b]);
    ours.forEach((g, i) => expect(maxAbsDiff(g, plain[i])).toBeLessThan(1e-5));
  });
});

describe.each(['simd', 'ops'] as const)('layerNorm (%s)', (mode) => {
  it('value and gradients equal autograd of the textbook formula', () => {
    setKernelMode(mode);
    const [x, g, b, probe] = [rand([6, 8], 5), rand([8], 6), rand([8], 7), rand([6, 8], 8)];
    const textbook = (a: tf.Tensor, c: tf.Tensor, d: tf.Tensor): tf.Tensor => {
      const { mean, variance } = tf.moments(a, -1, true);
      return tf.add(tf.mul(tf.div(tf.sub(a, mean), tf.sqrt(tf.add(variance, 1e-6))), c), d);
    };
    expect(maxAbsDiff(layerNorm(x as tf.Tensor2D, g as tf.Tensor1D, b as tf.Tensor1D), textbook(x, g, b))).toBeLessThan(1e-5);
    const ours = tf.grads((a, c, d) => tf.sum(tf.mul(layerNorm(a as tf.Tensor2D, c as tf.Tensor1D, d as tf.Tensor1D), probe)))([x, g, b]);
    const plain = tf.grads((a, c, d) => tf.sum(tf.mul(textbook(a, c, d), probe)))([x, g, b]);
    ours.forEach((grad, i) => expect(maxAbsDiff(grad, plain[i])).toBeLessThan(1e-4));
  });
});

describe.each(['simd', 'ops'] as const)('gelu, tanh approximation via sigmoid (%s)', (mode) => {
  it('matches erf-GELU within 1e-3 and has the analytic derivative', () => {
    setKernelMode(mode);
    // erf-GELU reference values x·Φ(x)
    const xs = [-3, -1, -0.5, 0, 0.5, 1, 2, 12];
    const exact = [-0.0040496, -0.1586553, -0.1542687, 0, 0.3457313, 0.8413447, 1.9544997, 12];
    xs.forEach((x, i) => expect(Math.abs(geluScalar(x) - exact[i])).toBeLessThan(1e-3));
    const x = tf.tensor1d(xs);
    expect(Array.from(gelu(x).dataSync())).toEqual(xs.map((v) => expect.closeTo(geluScalar(v), 5)));
    const grad = tf.grad((t) => tf.sum(gelu(t)))(x).dataSync();
    xs.forEach((v, i) => expect(grad[i]).toBeCloseTo((geluScalar(v + 1e-3) - geluScalar(v - 1e-3)) / 2e-3, 4));
  });
});

describe.each([
  { name: 'local + tiny segments, head width 16', segments: [{ batch: 3, tokens: 17 }, { batch: 2, tokens: 5 }], d: 32, heads: 2 },
  { name: 'a 65-token (8×8 + CLS) segment, head width 32', segments: [{ batch: 2, tokens: 65 }], d: 64, heads: 2 },
  { name: 'CLS + 4 registers + 4×4 and 2×2 patches (21 and 9 tokens)', segments: [{ batch: 2, tokens: 21 }, { batch: 3, tokens: 9 }], d: 32, heads: 2 },
])('fused SIMD attention: $name', ({ segments, d, heads }) => {
  const rows = segments.reduce((n, s) => n + s.batch * s.tokens, 0);

  it('matches composed tfjs ops in value and gradient, segment by segment', () => {
    const qkv = rand([rows, 3 * d], 9) as tf.Tensor2D;
    const probe = rand([rows, d], 10);
    const run = (mode: 'simd' | 'ops'): [tf.Tensor, tf.Tensor] => {
      setKernelMode(mode);
      const out = multiHeadAttention(qkv, segments, heads);
      const grad = tf.grad((t) => tf.sum(tf.mul(multiHeadAttention(t as tf.Tensor2D, segments, heads), probe)))(qkv);
      return [out, grad];
    };
    const [simdOut, simdGrad] = run('simd');
    const [opsOut, opsGrad] = run('ops');
    expect(maxAbsDiff(simdOut, opsOut)).toBeLessThan(1e-5);
    expect(maxAbsDiff(simdGrad, opsGrad)).toBeLessThan(1e-5);
  });

  it('leaves no tensors behind', () => {
    const qkv = rand([rows, 3 * d], 11) as tf.Tensor2D;
    setKernelMode('simd');
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      tf.grad((t) => tf.sum(multiHeadAttention(t as tf.Tensor2D, segments, heads)))(qkv);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
