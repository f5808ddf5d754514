// Cohen's kappa with quadratic weights (QWK), as sklearn cohen_kappa_score(weights='quadratic', labels=range(k)).
// Weights use class indices 0..k-1, so an absent middle grade still counts in the distance between its neighbours.
import { checkClassificationArgs } from './check-labels.ts';
import { columnSums, confusionMatrix, rowSums } from './confusion-matrix.ts';

export interface KappaOptions {
  /**
   * Value returned when the expected disagreement is 0. That happens only when every label and every prediction
   * is the same single class, so the observed disagreement is 0 as well and kappa is 0/0. Default 0: no agreement
   * beyond chance can be shown, and a constant predictor on a constant fold must not score as perfect. sklearn
   * returns NaN here (its `replace_undefined_by=np.nan`); pass NaN to match it.
   */
  replaceUndefinedBy?: number;
}

/** κ_w = 1 − Σ w·O / Σ w·E with w_ij = (i − j)², O the confusion matrix and E its outer-product expectation. */
export function quadraticWeightedKappa(
  yTrue: readonly number[],
  yPred: readonly number[],
  numClasses: number,
  options: KappaOptions = {},
): number {
  checkClassificationArgs(yTrue, yPred, numClasses);
  const observed = confusionMatrix(yTrue, yPred, numClasses);
  const trueTotals = rowSums(observed);
  const predTotals = columnSums(observed);
  const n = yTrue.length;
  let observedDisagreement = 0;
  let expectedDisagreement = 0;
  for (let i = 0; i < numClasses; i++) {
    for (let j = 0; j < numClasses; j++) {
      const weight = (i - j) * (i - j);
      observedDisagreement += weight * observed[i][j];
      expectedDisagreement += (weight * trueTotals[i] * predTotals[j]) / n;
    }
  }
  if (expectedDisagreement === 0) return options.replaceUndefinedBy ?? 0;
  return 1 - observedDisagreement / expectedDisagreement;
}
