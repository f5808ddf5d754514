// Softmax cross-entropy with optional label smoothing (Szegedy et al. 2016; torch CrossEntropyLoss(label_smoothing)):
// targets (1 − ε)·one-hot + ε/K on every class, the true one included, batch mean of −Σ_k target_k log p_k.
// tf.losses.softmaxCrossEntropy smooths the same way; with ε = 0 this is exactly the loss the baseline always used.
import * as tf from '@tensorflow/tfjs';

export function smoothedCrossEntropy(labels: readonly number[], logits: tf.Tensor2D, smoothing = 0): tf.Scalar {
  if (!(smoothing >= 0 && smoothing < 1)) throw new RangeError(`label smoothing must be in [0, 1) (got ${smoothing})`);
  return tf.tidy(() => {
    const oneHot = tf.oneHot(tf.tensor1d([...labels], 'int32'), logits.shape[1]);
    return tf.losses.softmaxCrossEntropy(oneHot, logits, undefined, smoothing) as tf.Scalar;
  });
}
