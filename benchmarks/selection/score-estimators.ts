// Scores one candidate's frozen features with each requested transferability estimator. An estimator that rejects
// the input as degenerate (its documented RangeError: one class, constant features …) leaves a NaN score and the
// reason, so one failure does not sink the whole selection; any other error is a bug and propagates.
import { getEstimator, type EstimatorId } from '../transferability/index.ts';
import type { FeatureMatrix } from '../probe/standardize.ts';

export interface EstimatorScore {
  estimator: EstimatorId;
  /** Higher is better; NaN when the estimator rejected the input. */
  score: number;
  seconds: number;
  /** Why the score is NaN. */
  error?: string;
}

/** `seed` drives the randomised estimators; the same seed for every candidate gives them common random numbers. */
export function scoreWithEstimators(
  features: FeatureMatrix,
  labels: readonly number[],
  estimators: readonly EstimatorId[],
  seed: number,
): EstimatorScore[] {
  return estimators.map((id) => {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const score = getEstimator(id).score(features, labels, { seed });
      return { estimator: id, score, seconds: seconds() };
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      return { estimator: id, score: Number.NaN, seconds: seconds(), error: error.message };
    }
  });
}
