import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
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
