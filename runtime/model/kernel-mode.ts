// Which implementation the model's hot ops (attention, LayerNorm, GELU) use: the hand-written WebAssembly SIMD kernels or plain tfjs ops
// (native TensorFlow has fast batched matmuls of its own). 'auto' picks SIMD kernels where supported.
import * as tf from '@tensorflow/tfjs';
import { fusedAttentionSupported } from './kernels/fused-attention.ts';
import { fusedPointwiseSupported } from './kernels/fused-pointwise.ts';

export type KernelMode = 'auto' | 'simd' | 'ops';

let mode: KernelMode = 'auto';

export function setKernelMode(next: KernelMode): void {
  mode = next;
}

export function useFusedAttention(headDim: number): boolean {
  if (mode === 'ops') return false;
  const supported = fusedAttentionSupported(headDim);
  if (mode === 'simd' && !supported) {
    throw new Error(`SIMD attention kernel unavailable (backend ${tf.getBackend()}, head width ${headDim})`);
  }
  return supported;
}

/** LayerNorm / GELU kernels; `width` is the row width (LayerNorm) or element count (GELU). */
export function useFusedPointwise(width: number): boolean {
  if (mode === 'ops') return false;
  const supported = fusedPointwiseSupported(width);
  if (mode === 'simd' && !supported) throw new Error(`SIMD pointwise kernels unavailable (backend ${tf.getBackend()}, width ${width})`);
  return supported;
}
