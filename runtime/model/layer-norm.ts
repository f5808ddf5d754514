// LayerNorm over the last axis of a token matrix (Ba et al. 2016; eps 1e-6 as in timm's ViT), with a
// closed-form gradient (SIMD kernel where available, else tfjs ops reusing the normalised activations).
import * as tf from '@tensorflow/tfjs';
import { useFusedPointwise } from './kernel-mode.ts';
import { fusedLayerNorm } from './kernels/fused-pointwise.ts';

const EPS = 1e-6;
type Save = (tensors: tf.Tensor[]) => void;

const layerNormWithGrad = tf.customGrad((...args) => {
  const [x, gamma, beta] = args as tf.Tensor2D[];
  const save = args[3] as Save;
  const mean = tf.mean(x, -1, true);
  const centred = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centred), -1, true);
  const rstd = tf.rsqrt(tf.add(variance, EPS));
  const xhat = tf.mul(centred, rstd);
  save([xhat, rstd, gamma]);
  const value = tf.add(tf.mul(xhat, gamma), beta);
  const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
    const [sxhat, srstd, sgamma] = saved;
    const g = tf.mul(dy, sgamma);
    const meanG = tf.mean(g, -1, true);
    const meanGx = tf.mean(tf.mul(g, sxhat), -1, true);
    const dx = tf.mul(tf.sub(tf.sub(g, meanG), tf.mul(sxhat, meanGx)), srstd);
    return [dx, tf.sum(tf.mul(dy, sxhat), 0), tf.sum(dy, 0)];
  };
  return { value, gradFunc };
});

/** x [T, D] normalised per row, then scaled by gamma [D] and shifted by beta [D]. */
export function layerNorm(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D): tf.Tensor2D {
  if (useFusedPointwise(x.shape[1])) return fusedLayerNorm(x, gamma, beta);
  return layerNormWithGrad(x, gamma, beta) as tf.Tensor2D;
}
