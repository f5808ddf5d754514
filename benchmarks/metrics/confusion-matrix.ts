// Multi-class confusion matrix, laid out as sklearn.metrics.confusion_matrix(y_true, y_pred, labels=range(k)):
// rows are true classes, columns predicted classes.
import { checkClassificationArgs } from './check-labels.ts';

/** counts[t][p] = number of samples of true class t predicted as class p; k × k. */
export function confusionMatrix(yTrue: readonly number[], yPred: readonly number[], numClasses: number): number[][] {
  checkClassificationArgs(yTrue, yPred, numClasses);
  const counts = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < yTrue.length; i++) counts[yTrue[i]][yPred[i]] += 1;
  return counts;
}

export function rowSums(matrix: readonly number[][]): number[] {
  return matrix.map((row) => row.reduce((sum, value) => sum + value, 0));
}

export function columnSums(matrix: readonly number[][]): number[] {
  const sums = new Array<number>(matrix.length === 0 ? 0 : matrix[0].length).fill(0);
  for (const row of matrix) row.forEach((value, j) => (sums[j] += value));
  return sums;
}
