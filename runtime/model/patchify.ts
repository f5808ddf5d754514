// Cuts [B, S, S] single-channel images into a [B·g², p²] patch matrix (patches row-major over the grid,
// pixels row-major inside a patch, i.e. the flattening of a timm Conv2d patch embedding). Uses reshape and a
// 4-D transpose so that the embedding is one 2-D matmul: conv2d's filter gradient is missing on WASM.
import * as tf from '@tensorflow/tfjs';

export function patchify(images: tf.Tensor3D, patchSize: number): tf.Tensor2D {
  const [batch, height, width] = images.shape;
  if (height !== width || height % patchSize !== 0) {
    throw new Error(`image ${height}×${width} is not a square multiple of the patch size ${patchSize}`);
  }
  const g = height / patchSize;
  const rows = tf.reshape(images, [batch * g, patchSize, g, patchSize]);
  return tf.reshape(tf.transpose(rows, [0, 2, 1, 3]), [batch * g * g, patchSize * patchSize]);
}
