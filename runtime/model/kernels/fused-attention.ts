// Fused multi-head attention as one differentiable tfjs op: forward and backward SIMD kernels
// (attention.c) joined by tf.customGrad; the softmax probabilities are saved for the backward pass.
import * as tf from '@tensorflow/tfjs';
import { registerSimdKernel, requireSimdKernels, runInArena, runSimdKernel, simdKernelsUsable } from './kernel-binding.ts';

export interface TokenSegment {
  /** Images in the segment. */
  batch: number;
  /** Tokens per image (patches + CLS); rows batch·tokens are contiguous in the token matrix. */
  tokens: number;
}

const FORWARD = 'OrthobenchAttention';
const BACKWARD = 'OrthobenchAttentionGrad';

function segmentList(attrs: tf.NamedAttrMap): { segments: TokenSegment[]; heads: number } {
  const flat = attrs.segments as number[];
  const segments: TokenSegment[] = [];
  for (let i = 0; i < flat.length; i += 2) segments.push({ batch: flat[i], tokens: flat[i + 1] });
  return { segments, heads: attrs.heads as number };
}

function scratchFloats(segments: TokenSegment[], dh: number): number {
  const k = requireSimdKernels().exports;
  return Math.max(...segments.map((s) => k.attention_scratch_floats(s.tokens, dh)));
}

const probsSize = (segments: TokenSegment[], heads: number): number =>
  segments.reduce((n, s) => n + s.batch * heads * s.tokens * s.tokens, 0);

function register(): void {
  registerSimdKernel(FORWARD, 1, ([qkv], attrs, backend) => {
    const { segments, heads } = segmentList(attrs);
    const [rows, cols] = qkv.shape;
    const d = cols / 3;
    const dh = d / heads;
    const nProbs = probsSize(segments, heads);
    const scratch = scratchFloats(segments, dh);
    return runInArena(backend, [qkv], [[rows, d], [nProbs]], scratch, (k, [qkvAt], [outAt, probsAt], scratchAt) => {
      let row = 0;
      let p = 0;
      for (const s of segments) {
        k.attention_forward(qkvAt + row * cols * 4, outAt + row * d * 4, probsAt + p * 4, s.batch, s.tokens, heads, dh, 1 / Math.sqrt(dh), scratchAt);
        row += s.batch * s.tokens;
        p += s.batch * heads * s.tokens * s.tokens;
      }
    });
  });
  registerSimdKernel(BACKWARD, 3, ([qkv, probs, dout], attrs, backend) => {
    const { segments, heads } = segmentList(attrs);
    const [rows, cols] = qkv.shape;
    const d = cols / 3;
    const dh = d / heads;
    const scratch = scratchFloats(segments, dh);
    return runInArena(backend, [qkv, probs, dout], [[rows, cols]], scratch, (k, [qkvAt, probsAt, doutAt], [dqkvAt], scratchAt) => {
      let row = 0;
      let p = 0;
      for (const s of segments) {
        k.attention_backward(qkvAt + row * cols * 4, probsAt + p * 4, doutAt + row * d * 4, dqkvAt + row * cols * 4, s.batch, s.tokens, heads, dh, 1 / Math.sqrt(dh), scratchAt);
        row += s.batch * s.tokens;
        p += s.batch * heads * s.tokens * s.tokens;
      }
    });
  });
}

/** True when the fused kernel can run here: SIMD kernels load, the backend is wasm/cpu, head width % 8 = 0. */
export function fusedAttentionSupported(headDim: number): boolean {
  return headDim % 8 === 0 && simdKernelsUsable();
}

/** Multi-head self-attention of qkv [T, 3D] → [T, D] (before the output projection), per segment. */
export function fusedAttention(qkv: tf.Tensor2D, segments: readonly TokenSegment[], heads: number): tf.Tensor2D {
  register();
  const attrs = { segments: segments.flatMap((s) => [s.batch, s.tokens]), heads };
  const op = tf.customGrad((...args) => {
    const [x] = args as tf.Tensor[];
    const save = args[1] as (tensors: tf.Tensor[]) => void;
    const [out, probs] = runSimdKernel(FORWARD, [x], attrs) as tf.Tensor[];
    save([x, probs]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor => runSimdKernel(BACKWARD, [saved[0], saved[1], dy], attrs) as tf.Tensor;
    return { value: out, gradFunc };
  });
  return op(qkv) as tf.Tensor2D;
}
