// KoLeo regulariser (Sablayrolles et al. 2019, "Spreading vectors for similarity search"; DINOv2 `KoLeoLoss`):
// −mean log ‖z_i − z_nn(i)‖ over L2-normalised features z, nn(i) the nearest other row by inner product. It
// pushes each image's feature away from its closest neighbour, which counters the collapse of every image
// onto one feature vector. DINOv2 applies it to each global crop's student CLS features with weight 0.1.
import * as tf from '@tensorflow/tfjs';
import { l2Normalize } from '../model/dino-head.ts';

/** The pairwise-distance epsilon of torch's PairwiseDistance and of DINOv2's log, as in the reference. */
const EPS = 1e-8;

/** KoLeo loss of the rows of `features` [m, D]; 0 when m < 2 (no neighbour). */
export function koleoLoss(features: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const m = features.shape[0];
    if (m < 2) return tf.scalar(0);
    const z = l2Normalize(features);
    // the diagonal is 1 for normalised rows; subtracting 2 makes it −1 so a row never picks itself
    const dots = tf.sub(tf.matMul(z, z, false, true), tf.mul(tf.eye(m), 2));
    // neighbours by a one-hot matmul, not tf.gather: gather's gradient needs UnsortedSegmentSum, which the
    // WASM backend lacks. The one-hot is made int32 and cast: tfjs-wasm 4.22's OneHot with dtype float32
    // writes the integer bit pattern (1 → 1.4e-45)
    const neighbours = tf.matMul(tf.cast(tf.oneHot(tf.argMax(dots, 1), m), 'float32'), z);
    const distances = tf.norm(tf.add(tf.sub(z, neighbours), EPS), 'euclidean', 1);
    return tf.neg(tf.mean(tf.log(tf.add(distances, EPS)))) as tf.Scalar;
  });
}

/**
 * KoLeo of a shard's student global-crop features, view-major [views·n, D], summed over views and averaged
 * over rows. Neighbours are searched within fixed groups of batch positions (like DINOv2's per-GPU batch),
 * so the loss does not depend on how many replicas share the batch when shards hold whole groups.
 */
export function koleoShardLoss(features: tf.Tensor2D, views: number, positions: readonly number[], groupOf: (position: number) => number): tf.Scalar {
  return tf.tidy(() => {
    const n = positions.length;
    const byGroup = new Map<number, number[]>();
    positions.forEach((p, local) => {
      const group = groupOf(p);
      byGroup.set(group, [...(byGroup.get(group) ?? []), local]);
    });
    const terms: tf.Scalar[] = [];
    for (let v = 0; v < views; v++) {
      for (const locals of byGroup.values()) {
        if (locals.length < 2) continue;
        const rows: tf.Tensor2D = tf.matMul(selectionMatrix(locals.map((i) => v * n + i), features.shape[0]), features);
        terms.push(tf.mul(koleoLoss(rows), locals.length / n) as tf.Scalar);
      }
    }
    return terms.length === 0 ? tf.scalar(0) : (tf.addN(terms) as tf.Scalar);
  });
}

/** [rows.length, total] 0/1 matrix picking `rows` (differentiable row selection without tf.gather). */
function selectionMatrix(rows: readonly number[], total: number): tf.Tensor2D {
  const values = new Float32Array(rows.length * total);
  rows.forEach((row, i) => {
    values[i * total + row] = 1;
  });
  return tf.tensor2d(values, [rows.length, total]);
}

/** DINOv2-style groups: the batch split into two halves (its two-GPU default), whole groups per shard. */
export function koleoGroupOf(batchSize: number): (position: number) => number {
  const half = Math.ceil(batchSize / 2);
  return (position) => Math.floor(position / half);
}
