// Collapse signals of a DINO step (Caron et al. 2021 §5.3): the loss H(P_t, P_s) = h(P_t) + KL(P_t ‖ P_s),
// where KL → 0 means a constant output and h → ln K a uniform one; plus how many prototypes the teacher uses.
// Shard functions return sums so that the orchestrator can combine shards of one batch exactly.
import * as tf from '@tensorflow/tfjs';

/** Ordered pairs (u, v) of global views entering the KL: u ≠ v, or the view with itself when there is one. */
export function globalViewPairs(globalViews: number): number {
  return globalViews > 1 ? globalViews * (globalViews - 1) : 1;
}

/**
 * Σ over images and pairs of global views of KL(P_t(u) ‖ P_s(v)) in nats. `teacherProbs` [G·n, K] are the
 * centred, sharpened teacher probabilities; `studentLogits` [V·n, K] start with the G global views (view-major).
 */
export function globalViewKlSum(teacherProbs: tf.Tensor2D, studentLogits: tf.Tensor2D, studentTemp: number, globalViews: number): number {
  return readScalar(tf.tidy(() => {
    const [rows, k] = teacherProbs.shape;
    const n = rows / globalViews;
    const pt = tf.reshape(teacherProbs, [globalViews, n, k]);
    const logPs = tf.reshape(tf.logSoftmax(tf.div(tf.slice(studentLogits, [0, 0], [rows, k]), studentTemp)), [globalViews, n, k]);
    // 0·log 0 = 0: a floor inside the log leaves zero-probability terms at zero
    const ptLogPt = tf.mul(pt, tf.log(tf.maximum(pt, 1e-30)));
    if (globalViews === 1) return tf.sum(tf.sub(ptLogPt, tf.mul(pt, logPs)));
    // Σ_u Σ_{v≠u} [P_t(u)·log P_t(u) − P_t(u)·log P_s(v)] = (G−1) Σ_u P_t(u) log P_t(u) − Σ_v (Σ_{u≠v} P_t(u)) · log P_s(v)
    const others = tf.sub(tf.sum(pt, 0, true), pt);
    return tf.sub(tf.mul(tf.sum(ptLogPt), globalViews - 1), tf.sum(tf.mul(others, logPs)));
  }));
}

/** Index of the most probable prototype of each teacher row: argmax of (t − c); the temperature does not move it. */
export function teacherArgmax(teacherOut: tf.Tensor2D, center: tf.Tensor2D): Int32Array {
  const argmax = tf.tidy(() => tf.argMax(tf.sub(teacherOut, center), 1));
  const values = argmax.dataSync() as Int32Array;
  argmax.dispose();
  return values;
}

/** Share of the K prototypes that are the argmax of at least one teacher row of the batch. */
export function prototypeUsage(argmaxes: readonly Int32Array[], prototypes: number): number {
  const used = new Set<number>();
  for (const a of argmaxes) for (const k of a) used.add(k);
  return used.size / prototypes;
}

function readScalar(t: tf.Tensor): number {
  const value = t.dataSync()[0];
  t.dispose();
  return value;
}
