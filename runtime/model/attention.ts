// Multi-head self-attention core (Vaswani et al. 2017) on a token matrix holding several segments of
// images with different token counts (global and local crops share every per-token op). Dispatches to the
// fused SIMD kernel, or composes tfjs ops with 4-D transposes only (5-D ones are ~70× slower on WASM).
import * as tf from '@tensorflow/tfjs';
import { fusedAttention, type TokenSegment } from './kernels/fused-attention.ts';
import { useFusedAttention } from './kernel-mode.ts';

export type { TokenSegment };

function segmentAttentionOps(qkv: tf.Tensor2D, seg: TokenSegment, heads: number): tf.Tensor2D {
  const d = qkv.shape[1] / 3;
  const dh = d / heads;
  const split = (t: tf.Tensor2D): tf.Tensor4D => tf.transpose(tf.reshape(t, [seg.batch, seg.tokens, heads, dh]), [0, 2, 1, 3]);
  const [q, k, v] = tf.split(qkv, 3, 1).map((t) => split(t as tf.Tensor2D));
  const scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dh));
  const out = tf.matMul(tf.softmax(scores), v);
  return tf.reshape(tf.transpose(out, [0, 2, 1, 3]), [seg.batch * seg.tokens, d]);
}

/** qkv [T, 3D] (columns q | k | v, head-major) → attention output [T, D] before the output projection. */
export function multiHeadAttention(qkv: tf.Tensor2D, segments: readonly TokenSegment[], heads: number): tf.Tensor2D {
  const dh = qkv.shape[1] / 3 / heads;
  if (useFusedAttention(dh)) return fusedAttention(qkv, segments, heads);
  if (segments.length === 1) return segmentAttentionOps(qkv, segments[0], heads);
  const parts = tf.split(qkv, segments.map((s) => s.batch * s.tokens), 0) as tf.Tensor2D[];
  return tf.concat(parts.map((part, i) => segmentAttentionOps(part, segments[i], heads)), 0);
}
