// Linear probe: multinomial logistic regression with an L2 penalty, fitted by L-BFGS on standardised features
// (the dinov2 linear-evaluation recipe). Equivalent to sklearn StandardScaler + LogisticRegression(multinomial,
// lbfgs, C = 1/(λ·N)): the objective is mean NLL + (λ/2)‖W‖² with the bias unpenalised.
import { minimizeLbfgs } from './lbfgs.ts';
import { softmaxObjective } from './softmax-objective.ts';
import { fitStandardizer, standardizeRows, type FeatureMatrix } from './standardize.ts';

export interface LogisticRegressionOptions {
  /** K: classes are 0..K-1, whether or not all occur in the training labels. */
  numClasses: number;
  /** λ of the penalty (default 1e-3, as eval.probe.l2 in dsl/defaults.ts). */
  l2?: number;
  /** L-BFGS iteration cap (default 300). */
  maxIter?: number;
  /** Stop when max |gradient| ≤ tol (default 1e-6; the objective is a mean, so this is scale-free in N). */
  tol?: number;
}

export interface LogisticRegressionModel {
  numClasses: number;
  /** K × D weights acting on standardised features (x − mean) / scale; zero rows for absent classes. */
  weights: number[][];
  bias: number[];
  /** Training-feature mean and population sd (1 for constant features), applied by predictProba. */
  mean: number[];
  scale: number[];
  /**
   * Classes seen in training. An absent class has no data to pull its unpenalised bias anywhere but −∞, so it is
   * left out of the softmax and predicted with probability 0, as sklearn (which only models the labels it saw).
   */
  classPresent: boolean[];
  iterations: number;
  converged: boolean;
  /** Final value of the penalised objective. */
  loss: number;
}

export function fitLogisticRegression(
  X: FeatureMatrix,
  y: readonly number[],
  options: LogisticRegressionOptions,
): LogisticRegressionModel {
  const { numClasses, l2 = 1e-3, maxIter = 300, tol = 1e-6 } = options;
  checkFitArgs(X, y, numClasses, l2, maxIter, tol);
  const standardizer = fitStandardizer(X);
  const numFeatures = standardizer.mean.length;
  const present = presentClasses(y, numClasses);
  const compactIndex = new Map(present.map((c, k) => [c, k]));
  const model: LogisticRegressionModel = {
    numClasses,
    weights: Array.from({ length: numClasses }, () => new Array<number>(numFeatures).fill(0)),
    bias: new Array<number>(numClasses).fill(0),
    ...standardizer,
    classPresent: Array.from({ length: numClasses }, (_, c) => compactIndex.has(c)),
    iterations: 0,
    converged: true,
    loss: 0,
  };
  // One class seen: it gets probability 1 everywhere, with nothing to fit.
  if (present.length === 1) return model;
  const K = present.length;
  const objective = softmaxObjective({
    features: standardizeRows(X, standardizer),
    targets: Int32Array.from(y, (label) => compactIndex.get(label) ?? -1),
    numFeatures,
    numClasses: K,
    l2,
  });
  const fit = minimizeLbfgs(objective, new Float64Array(K * numFeatures + K), { maxIter, gradientTolerance: tol });
  present.forEach((c, k) => {
    model.weights[c] = Array.from(fit.x.subarray(k * numFeatures, (k + 1) * numFeatures));
    model.bias[c] = fit.x[K * numFeatures + k];
  });
  return { ...model, iterations: fit.iterations, converged: fit.converged, loss: fit.value };
}

/** N × K class probabilities; absent classes get exactly 0. */
export function predictProba(model: LogisticRegressionModel, X: FeatureMatrix): number[][] {
  const features = standardizeRows(X, model);
  const D = model.mean.length;
  const K = model.numClasses;
  return X.map((_, i) => {
    const logits = new Array<number>(K).fill(Number.NEGATIVE_INFINITY);
    let largest = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < K; k++) {
      if (!model.classPresent[k]) continue;
      let z = model.bias[k];
      for (let d = 0; d < D; d++) z += model.weights[k][d] * features[i * D + d];
      logits[k] = z;
      largest = Math.max(largest, z);
    }
    const unnormalised = logits.map((z) => (z === Number.NEGATIVE_INFINITY ? 0 : Math.exp(z - largest)));
    const partition = unnormalised.reduce((sum, value) => sum + value, 0);
    return unnormalised.map((value) => value / partition);
  });
}

/** Most probable class of each row (ties → smallest index). */
export function predict(model: LogisticRegressionModel, X: FeatureMatrix): number[] {
  return predictProba(model, X).map((probabilities) => probabilities.indexOf(Math.max(...probabilities)));
}

function presentClasses(y: readonly number[], numClasses: number): number[] {
  const seen = new Array<boolean>(numClasses).fill(false);
  for (const label of y) seen[label] = true;
  return seen.flatMap((isSeen, c) => (isSeen ? [c] : []));
}

function checkFitArgs(X: FeatureMatrix, y: readonly number[], numClasses: number, l2: number, maxIter: number, tol: number): void {
  if (X.length === 0) throw new RangeError('cannot fit a probe on zero samples');
  if (X.length !== y.length) throw new RangeError(`X has ${X.length} rows but y has ${y.length} labels`);
  if (X[0].length === 0) throw new RangeError('features have zero dimensions');
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new RangeError(`numClasses must be a positive integer (got ${numClasses})`);
  y.forEach((label, i) => {
    if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
      throw new RangeError(`y[${i}] = ${label} is not a class index in [0, ${numClasses})`);
    }
  });
  if (!(l2 >= 0 && Number.isFinite(l2))) throw new RangeError(`l2 must be a finite number ≥ 0 (got ${l2})`);
  if (!Number.isInteger(maxIter) || maxIter < 1) throw new RangeError(`maxIter must be a positive integer (got ${maxIter})`);
  if (!(tol > 0)) throw new RangeError(`tol must be > 0 (got ${tol})`);
}
