// Linear layer y = xW + b on 2-D token matrices, with a hand-written gradient. On tfjs-wasm only 2-D,
// untransposed, batch-1 matmuls reach XNNPACK; autograd's transposeA/B matmuls fall to a ~1 GFLOP/s
// scalar loop, so the backward pass transposes explicitly and calls plain 2-D matMul (≈ 10× faster here).
import * as tf from '@tensorflow/tfjs';

type Save = (tensors: tf.Tensor[]) => void;

/** Σ over rows as a [1, T]·[T, D] matmul: tfjs-wasm's Sum over axis 0 transposes the whole input first. */
function columnSums(x: tf.Tensor2D): tf.Tensor1D {
  return tf.reshape(tf.matMul(tf.ones([1, x.shape[0]]), x), [x.shape[1]]);
}

const linearWithGrad = tf.customGrad((...args) => {
  const [x, w, b] = args as tf.Tensor2D[];
  const save = args[3] as Save;
  save([x, w]);
  const value = tf.fused.matMul({ a: x, b: w, bias: b });
  const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
    const [sx, sw] = saved as tf.Tensor2D[];
    const dy2 = dy as tf.Tensor2D;
    return [tf.matMul(dy2, tf.transpose(sw)), tf.matMul(tf.transpose(sx), dy2), columnSums(dy2)];
  };
  return { value, gradFunc };
});

const linearNoBiasWithGrad = tf.customGrad((...args) => {
  const [x, w] = args as tf.Tensor2D[];
  const save = args[2] as Save;
  save([x, w]);
  const value = tf.matMul(x, w);
  const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
    const [sx, sw] = saved as tf.Tensor2D[];
    const dy2 = dy as tf.Tensor2D;
    return [tf.matMul(dy2, tf.transpose(sw)), tf.matMul(tf.transpose(sx), dy2)];
  };
  return { value, gradFunc };
});

/** x [T, in] · w [in, out] (+ b [out]) → [T, out]. */
export function linear(x: tf.Tensor2D, w: tf.Tensor2D, b?: tf.Tensor1D): tf.Tensor2D {
  return (b ? linearWithGrad(x, w, b) : linearNoBiasWithGrad(x, w)) as tf.Tensor2D;
}
