// The linear-probe protocol for one fold: λ chosen from the grid on an inner validation split of the training part
// (./inner-validation-split.ts), then the probe refitted on the whole training part with that λ. With an empty grid,
// or a training part too small to hold any validation patient, the fixed λ is used and the reason recorded.
import type { Rng } from '../rng.ts';
import { chooseL2, scoreL2Grid, type L2Candidate } from './l2-grid.ts';
import { innerValidationSplit } from './inner-validation-split.ts';
import { fitLogisticRegression, type LogisticRegressionModel } from './logistic-regression.ts';
import type { FeatureMatrix } from './standardize.ts';

export interface GridProbeOptions {
  numClasses: number;
  /** Candidate λ; empty means "use `l2`". */
  grid: readonly number[];
  /** λ when nothing is chosen. */
  l2: number;
  validationFraction: number;
  maxIter: number;
  rng: Rng;
}

export interface L2Choice {
  l2: number;
  candidates: L2Candidate[];
  fitCount: number;
  validationCount: number;
  note?: string;
}

/**
 * Fits the probe for one fold. `features`, `labels` and `groups` are indexed by dataset sample; only the rows in
 * `train` are ever read.
 */
export function fitGridProbe(
  features: FeatureMatrix,
  labels: readonly number[],
  groups: readonly string[],
  train: readonly number[],
  options: GridProbeOptions,
): { probe: LogisticRegressionModel; choice: L2Choice } {
  const choice = chooseFoldL2(features, labels, groups, train, options);
  const probe = fitLogisticRegression(
    train.map((i) => features[i]),
    train.map((i) => labels[i]),
    { numClasses: options.numClasses, l2: choice.l2, maxIter: options.maxIter },
  );
  return { probe, choice };
}

function chooseFoldL2(
  features: FeatureMatrix,
  labels: readonly number[],
  groups: readonly string[],
  train: readonly number[],
  options: GridProbeOptions,
): L2Choice {
  const fixed = (note: string): L2Choice => ({ l2: options.l2, candidates: [], fitCount: train.length, validationCount: 0, note });
  if (options.grid.length === 0) return fixed('no l2 grid: the fixed l2');
  if (options.grid.length === 1) return { ...fixed('a single l2 candidate'), l2: options.grid[0] };
  const split = innerValidationSplit(train, labels, groups, options.validationFraction, options.rng);
  if (split.validation.length === 0) return fixed('training part too small for a validation split: the fixed l2');
  const rows = (indices: readonly number[]) => indices.map((i) => features[i]);
  const targets = (indices: readonly number[]) => indices.map((i) => labels[i]);
  const candidates = scoreL2Grid(rows(split.fit), targets(split.fit), rows(split.validation), targets(split.validation), options.grid, options);
  return { l2: chooseL2(candidates), candidates, fitCount: split.fit.length, validationCount: split.validation.length };
}
