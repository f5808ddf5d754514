// Brier score (Brier 1950): mean squared distance between predicted probabilities and the one-hot outcome.
// Binary form as sklearn.metrics.brier_score_loss (range [0, 1]); multiclass form sums over the k classes
// (Brier's original definition, range [0, 2]), so for k = 2 it is exactly twice the binary score.
import { checkLabelRange, checkNumClasses } from './check-labels.ts';
import { checkBinaryLabels, checkProbabilities, checkProbabilityMatrix } from './check-scores.ts';
import { metricValue, type MetricResult } from './metric-result.ts';
import { degenerate } from '../stats/degenerate.ts';

/** mean((p − y)²) with p the predicted probability of class 1. */
export function binaryBrierScore(yTrue: readonly number[], probPositive: readonly number[]): MetricResult {
  checkBinaryLabels(yTrue);
  checkProbabilities(probPositive, yTrue.length, 'probPositive');
  if (yTrue.length === 0) return degenerate('empty', 'no samples');
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += (probPositive[i] - yTrue[i]) ** 2;
  return metricValue(sum / yTrue.length);
}

/** mean over samples of Σ_c (p_c − 1[y = c])². */
export function multiclassBrierScore(
  yTrue: readonly number[],
  proba: ReadonlyArray<readonly number[]>,
  numClasses: number,
): MetricResult {
  checkNumClasses(numClasses);
  checkLabelRange(yTrue, numClasses, 'yTrue');
  checkProbabilityMatrix(proba, yTrue.length, numClasses);
  if (yTrue.length === 0) return degenerate('empty', 'no samples');
  let sum = 0;
  proba.forEach((row, i) => {
    for (let c = 0; c < numClasses; c++) sum += (row[c] - (yTrue[i] === c ? 1 : 0)) ** 2;
  });
  return metricValue(sum / yTrue.length);
}
