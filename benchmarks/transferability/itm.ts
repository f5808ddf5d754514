// ITM, after "Implicit Modeling for Transferability Estimation of Vision Foundation Models" (Zheng et al., NeurIPS
// 2025, arXiv 2510.23145). Only the paper's abstract and third-party summaries could be read here (no code, no method
// section), so this is a reconstruction of the documented idea, not the authors' algorithm: their Divide-and-conquer
// Variational Approximation splits the embedding space into mini-batch subspaces whose fine-tuning evolution is
// approximated independently. Here each training embedding moves a fraction `evolution` towards its class prototype
// within its mini-batch (a fixed stand-in for their learned latent z), a small head (L2 softmax regression) is trained
// on the evolved embeddings, and the score is its accuracy on a held-out, class-stratified split of raw embeddings.
import { Rng } from '../rng.ts';
import { fitLogisticRegression, predict } from '../probe/logistic-regression.ts';
import type { FeatureMatrix } from '../probe/standardize.ts';
import type { DenseMatrix } from './dense.ts';
import { checkEstimatorInput } from './estimator-input.ts';

export interface ItmOptions {
  /** Seeds the split and the subspaces (default 0). */
  seed?: number;
  /** Fraction of each class held out for validation (default 0.2; every class keeps ≥ 1 training sample). */
  validationFraction?: number;
  /** Size of each mini-batch subspace (default 64). */
  batchSize?: number;
  /** How far, in [0, 1], an embedding moves towards its subspace class prototype (default 0.5). */
  evolution?: number;
  /** The head's L2 penalty λ (default 1e-3, as the linear probe). */
  l2?: number;
  /** The head's L-BFGS iteration cap (default 100). */
  maxIter?: number;
  /** The head's gradient tolerance (default 1e-4: it only has to rank held-out samples, not pin the optimum). */
  tol?: number;
}

export function itmScore(features: FeatureMatrix, labels: readonly number[], options: ItmOptions = {}): number {
  const { seed = 0, validationFraction = 0.2, batchSize = 64, evolution = 0.5, l2 = 1e-3, maxIter = 100, tol = 1e-4 } = options;
  if (!(validationFraction > 0 && validationFraction < 1)) throw new RangeError(`ITM: validationFraction must lie in (0, 1) (got ${validationFraction})`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`ITM: batchSize must be a positive integer (got ${batchSize})`);
  if (!(evolution >= 0 && evolution <= 1)) throw new RangeError(`ITM: evolution must lie in [0, 1] (got ${evolution})`);
  const input = checkEstimatorInput('ITM', features, labels);
  const rng = new Rng(seed);
  const { train, validation } = stratifiedHoldout(input.labels, input.numClasses, validationFraction, rng.fork('itm-split'));
  if (validation.length === 0) throw new RangeError(`ITM: no class has 2 samples, so nothing can be held out for validation`);
  const evolved = evolveInSubspaces(input.X, input.labels, rng.fork('itm-subspaces').shuffle(train), batchSize, evolution);
  const head = fitLogisticRegression(evolved, train.map((i) => input.labels[i]), { numClasses: input.numClasses, l2, maxIter, tol });
  const predictions = predict(head, validation.map((i) => rowOf(input.X, i)));
  let correct = 0;
  validation.forEach((i, v) => {
    if (predictions[v] === input.labels[i]) correct += 1;
  });
  return correct / validation.length;
}

/** Per class, round(fraction · n_c) samples (at most n_c − 1) drawn for validation; the rest train. */
function stratifiedHoldout(labels: Int32Array, numClasses: number, fraction: number, rng: Rng): { train: number[]; validation: number[] } {
  const members: number[][] = Array.from({ length: numClasses }, () => []);
  labels.forEach((label, i) => members[label].push(i));
  const train: number[] = [];
  const validation: number[] = [];
  for (const list of members) {
    const shuffled = rng.shuffle(list);
    const held = Math.min(Math.round(fraction * list.length), list.length - 1);
    validation.push(...shuffled.slice(0, held));
    train.push(...shuffled.slice(held));
  }
  return { train: train.sort((a, b) => a - b), validation: validation.sort((a, b) => a - b) };
}

/** Rows in `order`, each moved towards the mean of its class within its consecutive batch of `batchSize`. */
function evolveInSubspaces(X: DenseMatrix, labels: Int32Array, order: number[], batchSize: number, evolution: number): Float64Array[] {
  const d = X.cols;
  const byIndex = new Map<number, Float64Array>();
  for (let start = 0; start < order.length; start += batchSize) {
    const batch = order.slice(start, start + batchSize);
    const prototypes = new Map<number, { sum: Float64Array; count: number }>();
    for (const i of batch) {
      const entry = prototypes.get(labels[i]) ?? { sum: new Float64Array(d), count: 0 };
      for (let j = 0; j < d; j++) entry.sum[j] += X.data[i * d + j];
      entry.count += 1;
      prototypes.set(labels[i], entry);
    }
    for (const i of batch) {
      const prototype = prototypes.get(labels[i]);
      if (prototype === undefined) throw new Error('ITM: batch member without a prototype');
      byIndex.set(i, rowOf(X, i).map((value, j) => value + evolution * (prototype.sum[j] / prototype.count - value)));
    }
  }
  // The head sees the training rows in ascending index order, matching the labels passed with them.
  return [...order].sort((a, b) => a - b).map((i) => byIndex.get(i) ?? rowOf(X, i));
}

function rowOf(X: DenseMatrix, i: number): Float64Array {
  return X.data.slice(i * X.cols, (i + 1) * X.cols);
}
