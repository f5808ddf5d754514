// LayerNorm and GELU as differentiable tfjs ops backed by the SIMD kernels of pointwise.c. The backward
// kernels recompute statistics from the saved input, so only x (already alive) is kept for the gradient.
import * as tf from '@tensorflow/tfjs';
import { registerSimdKernel, runInArena, runSimdKernel, simdKernelsUsable } from './kernel-binding.ts';

const LN_FORWARD = 'OrthobenchLayerNorm';
const LN_BACKWARD = 'OrthobenchLayerNormGrad';
const GELU_FORWARD = 'OrthobenchGelu';
const GELU_BACKWARD = 'OrthobenchGeluGrad';

const count = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function register(): void {
  registerSimdKernel(LN_FORWARD, 3, ([x, gamma, beta], _attrs, backend) => {
    const [rows, d] = x.shape;
    return runInArena(backend, [x, gamma, beta], [[rows, d]], 0, (k, [xAt, gAt, bAt], [yAt]) => k.layer_norm_forward(xAt, gAt, bAt, yAt, rows, d));
  });
  registerSimdKernel(LN_BACKWARD, 3, ([x, gamma, dy], _attrs, backend) => {
    const [rows, d] = x.shape;
    return runInArena(backend, [x, gamma, dy], [[rows, d], [d], [d]], 0, (k, [xAt, gAt, dyAt], [dxAt, dgAt, dbAt]) =>
      k.layer_norm_backward(xAt, gAt, dyAt, dxAt, dgAt, dbAt, rows, d));
  });
  registerSimdKernel(GELU_FORWARD, 1, ([x], _attrs, backend) =>
    runInArena(backend, [x], [x.shape], 0, (k, [xAt], [yAt]) => k.gelu_forward(xAt, yAt, count(x.shape))));
  registerSimdKernel(GELU_BACKWARD, 2, ([x, dy], _attrs, backend) =>
    runInArena(backend, [x, dy], [x.shape], 0, (k, [xAt, dyAt], [dxAt]) => k.gelu_backward(xAt, dyAt, dxAt, count(x.shape))));
}

type Save = (tensors: tf.Tensor[]) => void;

const layerNormOp = tf.customGrad((...args) => {
  const [x, gamma, beta] = args as tf.Tensor[];
  (args[3] as Save)([x, gamma]);
  const value = runSimdKernel(LN_FORWARD, [x, gamma, beta]) as tf.Tensor;
  const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => runSimdKernel(LN_BACKWARD, [saved[0], saved[1], dy]) as tf.Tensor[];
  return { value, gradFunc };
});

const geluOp = tf.customGrad((...args) => {
  const [x] = args as tf.Tensor[];
  (args[1] as Save)([x]);
  const value = runSimdKernel(GELU_FORWARD, [x]) as tf.Tensor;
  const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor => runSimdKernel(GELU_BACKWARD, [saved[0], dy]) as tf.Tensor;
  return { value, gradFunc };
});

/** Row width and element count the kernels can take (multiples of 4 floats). */
export function fusedPointwiseSupported(width: number): boolean {
  return width % 4 === 0 && simdKernelsUsable();
}

export function fusedLayerNorm(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D): tf.Tensor2D {
  register();
  return layerNormOp(x, gamma, beta) as tf.Tensor2D;
}

export function fusedGelu<T extends tf.Tensor>(x: T): T {
  register();
  return geluOp(x) as T;
}
