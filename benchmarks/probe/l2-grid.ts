// Chooses the linear probe's L2 penalty from a grid on held-out data, as dinov2's linear evaluation and sklearn's
// LogisticRegressionCV do: each λ is fitted on the fit part and scored by log-loss on the validation part (smoother
// than accuracy, which ties across most of the grid on small validation sets).
import { fitLogisticRegression, predictProba } from './logistic-regression.ts';
import type { FeatureMatrix } from './standardize.ts';

export interface L2GridOptions {
  numClasses: number;
  maxIter: number;
}

export interface L2Candidate {
  l2: number;
  validationLoss: number;
}

/** sklearn.metrics.log_loss: mean −log p(true class), probabilities clipped to [1e-15, 1 − 1e-15]. */
export function logLoss(proba: readonly number[][], y: readonly number[]): number {
  let total = 0;
  proba.forEach((row, i) => (total -= Math.log(Math.min(Math.max(row[y[i]], 1e-15), 1 - 1e-15))));
  return total / proba.length;
}

/** Validation log-loss of a probe fitted on (fitX, fitY) for every λ of the grid, in grid order. */
export function scoreL2Grid(
  fitX: FeatureMatrix,
  fitY: readonly number[],
  validationX: FeatureMatrix,
  validationY: readonly number[],
  grid: readonly number[],
  options: L2GridOptions,
): L2Candidate[] {
  if (grid.length === 0) throw new RangeError('the l2 grid is empty');
  if (validationX.length === 0) throw new RangeError('cannot score an l2 grid on an empty validation set');
  return grid.map((l2) => {
    const probe = fitLogisticRegression(fitX, fitY, { numClasses: options.numClasses, l2, maxIter: options.maxIter });
    return { l2, validationLoss: logLoss(predictProba(probe, validationX), validationY) };
  });
}

/** The λ with the lowest validation loss; near-ties (1e-9 relative) go to the larger, more regularised λ. */
export function chooseL2(candidates: readonly L2Candidate[]): number {
  let best = candidates[0];
  for (const candidate of candidates.slice(1)) {
    const lower = candidate.validationLoss < best.validationLoss * (1 - 1e-9);
    const tiedButStronger = Math.abs(candidate.validationLoss - best.validationLoss) <= 1e-9 * best.validationLoss && candidate.l2 > best.l2;
    if (lower || tiedButStronger) best = candidate;
  }
  return best.l2;
}
