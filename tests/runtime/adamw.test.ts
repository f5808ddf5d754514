import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../runtime/backend.ts';
import { ParamStore } from '../../runtime/model/param-store.ts';
import { AdamW, adamwUpdate, clipGradientNorm, isDecayed } from '../../runtime/train/adamw.ts';
import { gatherGradients, ParamLayout } from '../../runtime/train/param-layout.ts';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('adamwUpdate', () => {
  it('matches torch.optim.AdamW for two steps, computed by hand', () => {
    const lr = 0.1;
    const wd = 0.5;
    const p = new Float32Array([1.0]);
    const state = { m: new Float32Array(1), v: new Float32Array(1) };
    adamwUpdate(p, new Float32Array([2.0]), state, 1, lr, wd);
    // step 1: p ← p(1 − lr·wd) = 0.95; m = 0.2, v = 0.004; m̂ = 2, v̂ = 4 → p −= 0.1·2/(2 + 1e-8)
    expect(p[0]).toBeCloseTo(0.95 - 0.1 * (2 / (2 + 1e-8)), 6);
    const p1 = p[0];
    adamwUpdate(p, new Float32Array([-1.0]), state, 2, lr, wd);
    const m = 0.9 * 0.2 + 0.1 * -1;
    const v = 0.999 * 0.004 + 0.001 * 1;
    const mHat = m / (1 - 0.81);
    const vHat = v / (1 - 0.999 ** 2);
    expect(p[0]).toBeCloseTo(p1 * (1 - lr * wd) - (lr * mHat) / (Math.sqrt(vHat) + 1e-8), 6);
  });
});

describe('clipping and decay groups', () => {
  it('clips each tensor to the max norm with DINO coefficient clip/(‖g‖ + 1e-6)', () => {
    const g = new Float32Array([3, 4]);
    expect(clipGradientNorm(g, 1)).toBeCloseTo(5, 6);
    expect(g[0]).toBeCloseTo(3 / (5 + 1e-6), 6);
    const small = new Float32Array([0.3, 0.4]);
    clipGradientNorm(small, 1);
    expect(Array.from(small)).toEqual([expect.closeTo(0.3, 7), expect.closeTo(0.4, 7)]);
  });

  it('does not decay biases, norms, cls token and positional embedding', () => {
    expect(isDecayed('blocks.0.attn.qkv.weight', [4, 12])).toBe(true);
    expect(isDecayed('blocks.0.attn.qkv.bias', [12])).toBe(false);
    expect(isDecayed('blocks.0.norm1.weight', [4])).toBe(false);
    expect(isDecayed('cls_token', [1, 1, 4])).toBe(false);
    expect(isDecayed('pos_embed', [1, 5, 4])).toBe(false);
    expect(isDecayed('last_layer.weight_v', [4, 8])).toBe(true);
  });
});

describe('AdamW over a ParamStore', () => {
  it('updates variables, skips frozen ones and leaves no tensors behind', () => {
    const store = new ParamStore('adamw-test');
    const w = store.add('w.weight', [2, 2], new Float32Array([1, 2, 3, 4]));
    const b = store.add('w.bias', [2], new Float32Array([0, 0]));
    const layout = new ParamLayout([store]);
    const opt = new AdamW(layout, { clipGrad: 0 });
    const before = tf.memory().numTensors;
    const flat = new Float32Array(layout.size);
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.sum(tf.add(tf.matMul(tf.ones([1, 2]), w), b)) as tf.Scalar, opt.variables());
      gatherGradients(grads, layout, flat);
    });
    opt.step(flat, 0.1, 0.0, new Set(['w.bias']));
    expect(tf.memory().numTensors).toBe(before);
    // every weight had gradient 1 → first Adam step moves it by −lr
    expect(Array.from(w.dataSync())).toEqual([0.9, 1.9, 2.9, 3.9].map((v) => expect.closeTo(v, 5)));
    expect(Array.from(b.dataSync())).toEqual([0, 0]);
    // the flat gradient was read, not modified, and lists w then b in store order
    expect(Array.from(flat)).toEqual([1, 1, 1, 1, 1, 1]);
    store.dispose();
  });
});
