// Accuracy and balanced accuracy, matching sklearn.metrics.accuracy_score and balanced_accuracy_score.
import { checkClassificationArgs, checkPairedLengths } from './check-labels.ts';
import { confusionMatrix, rowSums } from './confusion-matrix.ts';

/** Fraction of samples whose prediction equals the label. */
export function accuracy(yTrue: readonly number[], yPred: readonly number[]): number {
  checkPairedLengths(yTrue, yPred);
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct += 1;
  return correct / yTrue.length;
}

/**
 * Mean per-class recall over the classes present in yTrue. As in sklearn, a class that is only ever
 * predicted (no true samples) has no recall and is left out of the mean rather than counted as 0.
 */
export function balancedAccuracy(yTrue: readonly number[], yPred: readonly number[], numClasses: number): number {
  checkClassificationArgs(yTrue, yPred, numClasses);
  const counts = confusionMatrix(yTrue, yPred, numClasses);
  const support = rowSums(counts);
  let recallSum = 0;
  let presentClasses = 0;
  for (let c = 0; c < numClasses; c++) {
    if (support[c] === 0) continue;
    recallSum += counts[c][c] / support[c];
    presentClasses += 1;
  }
  return recallSum / presentClasses;
}
