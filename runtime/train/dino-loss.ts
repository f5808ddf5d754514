// DINO self-distillation loss (Caron et al. 2021; facebookresearch/dino `DINOLoss`): cross-entropy between
// the centred, sharpened teacher distribution of each global view u and the student distribution of every
// other view v ≠ u, averaged over the 2(n+1) pairs; the centre is an EMA of the teacher's batch mean.
import * as tf from '@tensorflow/tfjs';

export interface DinoLossInput {
  /** Student logits [V·B, K], view-major (all images of view 0, then view 1, …), global views first. */
  student: tf.Tensor2D;
  /** Teacher logits [G·B, K] of the G global views, view-major; a constant (computed outside the gradient). */
  teacher: tf.Tensor2D;
  /** Running centre [1, K]. */
  center: tf.Tensor2D;
  studentTemp: number;
  teacherTemp: number;
  globalViews: number;
}

/** Teacher probabilities softmax((t − c)/τ_t), [G·B, K]. */
export function teacherProbabilities(teacher: tf.Tensor2D, center: tf.Tensor2D, teacherTemp: number): tf.Tensor2D {
  return tf.softmax(tf.div(tf.sub(teacher, center), teacherTemp)) as tf.Tensor2D;
}

/**
 * Mean over pairs (u global, v any view, v ≠ u) of the batch-mean of −Σ_k P_t(u)_k log P_s(v)_k. Computed in
 * one pass: view v is weighted by Σ_{u ≠ v} P_t(u), the sum of all teacher views minus its own if global.
 */
export function dinoLoss(input: DinoLossInput): tf.Scalar {
  return tf.tidy(() => {
    const { student, teacher, center, globalViews: g } = input;
    const k = student.shape[1];
    const batch = teacher.shape[0] / g;
    const views = student.shape[0] / batch;
    const pt = tf.reshape(teacherProbabilities(teacher, center, input.teacherTemp), [g, batch, k]);
    const total = tf.sum(pt, 0, true);
    const globalWeights = tf.sub(total, pt);
    const localWeights = tf.tile(total, [views - g, 1, 1]);
    const weights = tf.reshape(views > g ? tf.concat([globalWeights, localWeights], 0) : globalWeights, [views * batch, k]);
    const logPs = tf.logSoftmax(tf.div(student, input.studentTemp));
    const pairs = g * views - g;
    return tf.div(tf.neg(tf.sum(tf.mul(weights, logPs))), batch * pairs) as tf.Scalar;
  });
}

/** c ← m·c + (1 − m)·b, with b the batch mean [1, K] of the teacher's raw global outputs. */
export function blendCenter(center: tf.Tensor2D, batchMean: tf.Tensor2D, momentum: number): tf.Tensor2D {
  return tf.tidy(() => tf.add(tf.mul(center, momentum), tf.mul(batchMean, 1 - momentum)) as tf.Tensor2D);
}

/** The centre update of one process holding the whole batch: b = mean over the teacher rows. */
export function updateCenter(center: tf.Tensor2D, teacher: tf.Tensor2D, momentum: number): tf.Tensor2D {
  return tf.tidy(() => blendCenter(center, tf.mean(teacher, 0, true) as tf.Tensor2D, momentum));
}

/** Mean entropy (nats) of the rows of a probability matrix; ln K means uniform collapse, 0 one-hot. */
export function meanEntropy(probs: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(probs, tf.log(tf.maximum(probs, 1e-12))), 1))) as tf.Scalar);
}
