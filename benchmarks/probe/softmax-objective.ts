// Penalised multinomial cross-entropy for L-BFGS: mean NLL + (λ/2)‖W‖², bias unpenalised, which is
// sklearn's LogisticRegression(multinomial, C = 1/(λ·N)) objective divided by C·N (same minimiser).
import type { Objective } from './lbfgs.ts';

/** Parameters are packed as [W row-major K × D, b of length K]. */
export interface SoftmaxProblem {
  /** Row-major N × D standardised features. */
  features: Float64Array;
  /** Class index in [0, K) of each row. */
  targets: Int32Array;
  numFeatures: number;
  numClasses: number;
  l2: number;
}

export function softmaxObjective(problem: SoftmaxProblem): Objective {
  const { features, targets, numFeatures: D, numClasses: K, l2 } = problem;
  const N = targets.length;
  const logits = new Float64Array(K);
  return (params, gradient) => {
    gradient.fill(0);
    let loss = 0;
    for (let i = 0; i < N; i++) {
      const rowStart = i * D;
      let largest = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < K; k++) {
        let z = params[K * D + k];
        const weightStart = k * D;
        for (let d = 0; d < D; d++) z += params[weightStart + d] * features[rowStart + d];
        logits[k] = z;
        if (z > largest) largest = z;
      }
      const target = targets[i];
      // From the raw logit, not log(exp(·)): a far-off target's exp underflows to 0 and its log to −∞.
      loss += largest - logits[target];
      let partition = 0;
      for (let k = 0; k < K; k++) {
        logits[k] = Math.exp(logits[k] - largest);
        partition += logits[k];
      }
      loss += Math.log(partition);
      for (let k = 0; k < K; k++) {
        const residual = logits[k] / partition - (k === target ? 1 : 0);
        const weightStart = k * D;
        for (let d = 0; d < D; d++) gradient[weightStart + d] += residual * features[rowStart + d];
        gradient[K * D + k] += residual;
      }
    }
    let penalty = 0;
    for (let j = 0; j < K * D; j++) {
      gradient[j] = gradient[j] / N + l2 * params[j];
      penalty += params[j] * params[j];
    }
    for (let k = 0; k < K; k++) gradient[K * D + k] /= N;
    return loss / N + 0.5 * l2 * penalty;
  };
}
