// SFDA (Shao et al., ECCV 2022 "Not all models are equal"; code TencentARC/SFDA `SFDA_Score`): fit the regularised
// Fisher discriminant, soften its probabilities with a second softmax, ConfMix each sample towards the mean of the
// other classes' means by (1 − its softened true-class probability), refit with the same shrinkage, and score the mean
// probability of the true class (no log, as their code).
import type { FeatureMatrix } from '../probe/standardize.ts';
import { classMeans, type DenseMatrix } from './dense.ts';
import { checkEstimatorInput } from './estimator-input.ts';
import { discriminantProbabilities, fitShrunkDiscriminant, softmaxInPlace } from './shrunk-discriminant.ts';

export interface SfdaOptions {
  /** Fixed shrinkage in [0, 1] instead of the adaptive exp(−5 λmax(Sw)). */
  shrinkage?: number;
}

export function sfdaScore(features: FeatureMatrix, labels: readonly number[], options: SfdaOptions = {}): number {
  const input = checkEstimatorInput('SFDA', features, labels);
  return sfdaOfMatrix(input.X, input.labels, input.numClasses, options);
}

export function sfdaOfMatrix(X: DenseMatrix, labels: Int32Array, numClasses: number, options: SfdaOptions = {}): number {
  const { shrinkage } = options;
  if (shrinkage !== undefined && !(shrinkage >= 0 && shrinkage <= 1)) throw new RangeError(`SFDA: shrinkage must lie in [0, 1] (got ${shrinkage})`);
  const first = fitShrunkDiscriminant(X, labels, numClasses, shrinkage);
  const softened = discriminantProbabilities(first, X);
  for (let i = 0; i < X.rows; i++) softmaxInPlace(softened.subarray(i * numClasses, (i + 1) * numClasses));
  const mixed = confusionMix(X, labels, numClasses, softened);
  const second = fitShrunkDiscriminant(mixed, labels, numClasses, first.shrinkage);
  const probabilities = discriminantProbabilities(second, mixed);
  let total = 0;
  for (let i = 0; i < X.rows; i++) total += probabilities[i * numClasses + labels[i]];
  return total / X.rows;
}

/** ConfMix: xᵢ ← pᵢ·xᵢ + (1 − pᵢ)·(mean of the other classes' means), pᵢ the softened probability of yᵢ. */
function confusionMix(X: DenseMatrix, labels: Int32Array, numClasses: number, softened: Float64Array): DenseMatrix {
  const d = X.cols;
  const means = classMeans(X, labels, numClasses);
  const sumOfMeans = new Float64Array(d);
  for (let c = 0; c < numClasses; c++) for (let j = 0; j < d; j++) sumOfMeans[j] += means[c * d + j];
  const data = new Float64Array(X.data.length);
  for (let i = 0; i < X.rows; i++) {
    const c = labels[i];
    const p = softened[i * numClasses + c];
    for (let j = 0; j < d; j++) {
      const otherMean = (sumOfMeans[j] - means[c * d + j]) / (numClasses - 1);
      data[i * d + j] = p * X.data[i * d + j] + (1 - p) * otherMean;
    }
  }
  return { rows: X.rows, cols: d, data };
}
