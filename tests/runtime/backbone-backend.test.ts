// runtime.backend: 'auto' says which backend it took and why, in the line the CLI logs.
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../runtime/backend.ts';

describe("runtime.backend 'auto'", () => {
  it('reports the backend it chose and the reason, also in the logged detail', async () => {
    const auto = await initBackend('auto');
    expect(auto.reason).toMatch(/^auto chose (tensorflow|wasm|cpu): /);
    if (auto.name === 'wasm') expect(auto.reason).toBe('auto chose wasm: @tensorflow/tfjs-node-gpu / @tensorflow/tfjs-node not installed');
    expect(auto.detail.endsWith(auto.reason)).toBe(true);
    expect((await initBackend('cpu')).reason).toBe("requested 'cpu'");
  });
});
