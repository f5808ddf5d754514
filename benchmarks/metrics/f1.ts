// Per-class and macro F1 with sklearn's zero_division=0 convention: a precision or recall whose denominator is
// zero counts as 0, so a class that is never predicted (or never present) has F1 = 0 instead of NaN.
import { checkClassificationArgs } from './check-labels.ts';
import { columnSums, confusionMatrix, rowSums } from './confusion-matrix.ts';

/** Which classes enter the macro mean. */
export type MacroAverageOver =
  /** Classes that occur in yTrue or yPred: sklearn's f1_score(average='macro') with labels=None. */
  | 'present'
  /** All k classes, absent ones scoring 0: sklearn's f1_score(average='macro', labels=range(k)). */
  | 'all';

export interface MacroF1Options {
  averageOver?: MacroAverageOver;
}

/** F1 of each class 0..k-1; F1 = 2·tp / (2·tp + fp + fn), 0 when that denominator is 0. */
export function perClassF1(yTrue: readonly number[], yPred: readonly number[], numClasses: number): number[] {
  checkClassificationArgs(yTrue, yPred, numClasses);
  const counts = confusionMatrix(yTrue, yPred, numClasses);
  const support = rowSums(counts);
  const predicted = columnSums(counts);
  return counts.map((row, c) => {
    const truePositives = row[c];
    const denominator = support[c] + predicted[c];
    // 2tp/(2tp+fp+fn) equals 2PR/(P+R) whenever both are defined, and is 0 exactly when sklearn's is.
    return denominator === 0 ? 0 : (2 * truePositives) / denominator;
  });
}

/** Unweighted mean of per-class F1 (default over classes present in yTrue or yPred, as sklearn). */
export function macroF1(
  yTrue: readonly number[],
  yPred: readonly number[],
  numClasses: number,
  options: MacroF1Options = {},
): number {
  const scores = perClassF1(yTrue, yPred, numClasses);
  if ((options.averageOver ?? 'present') === 'all') return mean(scores);
  const present = new Set<number>([...yTrue, ...yPred]);
  return mean(scores.filter((_, c) => present.has(c)));
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
