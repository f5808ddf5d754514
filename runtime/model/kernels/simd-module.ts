// Loads the hand-written WebAssembly SIMD kernels (attention.c, pointwise.c, built by build.sh) and manages their
// linear memory as one growable arena: callers copy inputs in, call, and copy results out.
import { SIMD_KERNELS_WASM_BASE64 } from './simd-kernels.wasm.ts';

interface KernelExports {
  memory: WebAssembly.Memory;
  __heap_base: WebAssembly.Global;
  attention_scratch_floats(n: number, dh: number): number;
  attention_forward(
    qkv: number, out: number, probs: number, batch: number, n: number, heads: number, dh: number,
    scale: number, scratch: number,
  ): void;
  attention_backward(
    qkv: number, probs: number, dout: number, dqkv: number, batch: number, n: number, heads: number,
    dh: number, scale: number, scratch: number,
  ): void;
  layer_norm_forward(x: number, gamma: number, beta: number, y: number, rows: number, d: number): void;
  layer_norm_backward(x: number, gamma: number, dy: number, dx: number, dgamma: number, dbeta: number, rows: number, d: number): void;
  gelu_forward(x: number, y: number, n: number): void;
  gelu_backward(x: number, dy: number, dx: number, n: number): void;
}

export interface SimdKernels {
  exports: KernelExports;
  /** Makes room for `floats` float32 values after the module's static data; returns their byte offset. */
  reserve(floats: number): number;
  /** A Float32Array over the whole arena (re-fetch after every reserve: growing detaches the old view). */
  heap(): Float32Array;
}

let cached: SimdKernels | null | undefined;

function instantiate(): SimdKernels {
  const bytes = Buffer.from(SIMD_KERNELS_WASM_BASE64, 'base64');
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
  const exports = instance.exports as unknown as KernelExports;
  const base = ((Number(exports.__heap_base.value) + 63) >> 6) << 6;
  return {
    exports,
    reserve(floats: number): number {
      const needed = base + floats * 4;
      const have = exports.memory.buffer.byteLength;
      if (needed > have) exports.memory.grow(Math.ceil((needed - have) / 65536));
      return base;
    },
    heap: () => new Float32Array(exports.memory.buffer),
  };
}

/** The kernels, or undefined where WebAssembly SIMD is unavailable (the callers then use tfjs ops). */
export function simdKernels(): SimdKernels | undefined {
  if (cached === undefined) {
    try {
      cached = instantiate();
    } catch {
      cached = null;
    }
  }
  return cached ?? undefined;
}
