// iBOT masked-patch distillation loss (Zhou et al. 2022; DINOv2 `iBOTPatchLoss.forward_masked`): for each masked
// patch, the cross-entropy between the teacher's centred, sharpened output for that (unmasked) patch and the
// student's output for the masked one; averaged over the masked patches of each crop, then over all global
// crops, masked or not (a crop without masks adds 0 but still counts, as in DINOv2).
import * as tf from '@tensorflow/tfjs';

export interface MaskedPatches {
  /** Masked rows of the crops' [crops·P, D] patch matrix (crop-major, patches row-major). */
  rows: number[];
  /** For each masked row, 1 / (masked patches of its crop): every masked crop weighs the same. */
  weights: Float32Array;
  /** Global crops the loss averages over, masked or not. */
  crops: number;
}

/** The masked rows and their weights, for per-crop masks of P patches each. */
export function maskedPatches(masks: readonly Uint8Array[]): MaskedPatches {
  const rows: number[] = [];
  const weights: number[] = [];
  masks.forEach((mask, crop) => {
    const count = mask.reduce((n, m) => n + (m ? 1 : 0), 0);
    mask.forEach((m, p) => {
      if (!m) return;
      rows.push(crop * mask.length + p);
      weights.push(1 / count);
    });
  });
  return { rows, weights: Float32Array.from(weights), crops: masks.length };
}

/**
 * Rows `rows` of `source` [N, D] as [rows.length, D], by a one-hot matmul so that the gradient flows back:
 * tf.gather's gradient needs UnsortedSegmentSum, which the WASM backend lacks.
 */
export function selectRows(source: tf.Tensor2D, rows: readonly number[]): tf.Tensor2D {
  return tf.tidy(() => {
    const total = source.shape[0];
    const onehot = new Float32Array(rows.length * total);
    rows.forEach((row, i) => {
      onehot[i * total + row] = 1;
    });
    return tf.matMul(tf.tensor2d(onehot, [rows.length, total]), source);
  });
}

export interface IbotLossInput {
  /** Student logits of the masked patches [M, K]. */
  student: tf.Tensor2D;
  /** Teacher probabilities for the same patches [M, K] (centred or Sinkhorn–Knopp), a constant. */
  teacherProbs: tf.Tensor2D;
  masked: MaskedPatches;
  studentTemp: number;
}

/** −(1/crops) Σ_m w_m Σ_k P_t[m]_k log softmax(s[m]/τ_s)_k; 0 when no patch is masked. */
export function ibotLoss(input: IbotLossInput): tf.Scalar {
  return tf.tidy(() => {
    const { masked } = input;
    if (masked.rows.length === 0) return tf.scalar(0);
    const logPs = tf.logSoftmax(tf.div(input.student, input.studentTemp));
    const perPatch = tf.sum(tf.mul(input.teacherProbs, logPs), 1);
    const weighted = tf.sum(tf.mul(perPatch, tf.tensor1d(masked.weights)));
    return tf.div(tf.neg(weighted), masked.crops) as tf.Scalar;
  });
}
