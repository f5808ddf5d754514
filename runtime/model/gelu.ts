// GELU, tanh approximation (Hendrycks & Gimpel 2016), written through the identity ½(1 + tanh z) = σ(2z):
// tfjs-wasm's Sigmoid is vectorised while Tanh/Erf are scalar. Max deviation from erf-GELU ≈ 3e-4.
import * as tf from '@tensorflow/tfjs';
import { useFusedPointwise } from './kernel-mode.ts';
import { fusedGelu } from './kernels/fused-pointwise.ts';

const C1 = 2 * Math.sqrt(2 / Math.PI);
const C3 = C1 * 0.044715;
type Save = (tensors: tf.Tensor[]) => void;

const geluWithGrad = tf.customGrad((...args) => {
  const [x] = args as tf.Tensor[];
  const save = args[1] as Save;
  const x2 = tf.square(x);
  const s = tf.sigmoid(tf.mul(x, tf.add(tf.mul(x2, C3), C1)));
  save([x, x2, s]);
  const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor => {
    const [sx, sx2, ss] = saved;
    // d/dx [x σ(u)] = σ + x σ (1 − σ) u', u' = C1 + 3 C3 x²
    const du = tf.add(tf.mul(sx2, 3 * C3), C1);
    const slope = tf.add(ss, tf.mul(tf.mul(sx, du), tf.mul(ss, tf.sub(1, ss))));
    return tf.mul(dy, slope);
  };
  return { value: tf.mul(x, s), gradFunc };
});

export function gelu<T extends tf.Tensor>(x: T): T {
  if (useFusedPointwise(x.size)) return fusedGelu(x);
  return geluWithGrad(x) as T;
}

/** Plain-number reference of the same approximation, for tests. */
export function geluScalar(x: number): number {
  return x / (1 + Math.exp(-x * (C1 + C3 * x * x)));
}
