import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { initBackend } from '../../runtime/backend.ts';

describe('initBackend', () => {
  it('activates cpu and wasm on request and describes them', async () => {
    expect((await initBackend('cpu')).name).toBe('cpu');
    const wasm = await initBackend('wasm');
    expect(wasm.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(wasm.detail).toMatch(/SIMD on/);
  });

  it("'auto' falls back to wasm when tfjs-node is not installed; 'tensorflow' then fails clearly", async () => {
    const auto = await initBackend('auto');
    expect(['tensorflow', 'wasm']).toContain(auto.name);
    if (auto.name === 'wasm') await expect(initBackend('tensorflow')).rejects.toThrow(/tfjs-node/);
  });

  it('wasm Identity shares buffers (autograd saves are not copies) and stays correct after disposal', async () => {
    await initBackend('wasm');
    const x = tf.tensor1d([1, 2, 3]);
    const y = tf.clone(x);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3]);
    y.dispose();
  });
});

describe('wasm Slice / SplitV from heap views', () => {
  it('match the cpu backend on random boxes of rank 1–5 and on splits', async () => {
    const rng = new Rng(12);
    const cases: Array<{ shape: number[]; begin: number[]; size: number[] }> = [];
    for (let n = 0; n < 40; n++) {
      const rank = 1 + rng.int(5);
      const shape = Array.from({ length: rank }, () => 1 + rng.int(5));
      const begin = shape.map((d) => rng.int(d));
      const size = shape.map((d, i) => (rng.bernoulli(0.3) ? d - begin[i] : 1 + rng.int(d - begin[i])));
      cases.push({ shape, begin, size });
    }
    const run = async (backend: 'cpu' | 'wasm'): Promise<number[][]> => {
      await initBackend(backend);
      const out = cases.map(({ shape, begin, size }) => {
        const x = tf.range(0, shape.reduce((a, b) => a * b, 1)).reshape(shape);
        return Array.from(tf.slice(x, begin, size).dataSync());
      });
      const y = tf.range(0, 60).reshape([5, 12]);
      for (const part of tf.split(y, [3, 4, 5], 1)) out.push(Array.from(part.dataSync()));
      for (const part of tf.split(y, [2, 3], 0)) out.push(Array.from(part.dataSync()));
      return out;
    };
    expect(await run('wasm')).toEqual(await run('cpu'));
  });
});
