// Weighted k-NN classifier on frozen features (Wu et al. 2018, "Unsupervised feature learning via non-parametric
// instance discrimination"; DINO's eval_knn): each of the k most cosine-similar training samples votes for its class
// with weight exp(similarity / T). Deviation: the votes are normalised to class probabilities (DINO only ranks them).
import type { FeatureMatrix } from '../probe/standardize.ts';
import { l2NormalizeRows, nearestByCosine } from './cosine-neighbours.ts';

export interface KnnOptions {
  /** K: classes are 0..K-1. */
  numClasses: number;
  /** Neighbours that vote; capped at the number of training samples. */
  k: number;
  /** Temperature T of the vote weights exp(sim / T). */
  temperature: number;
}

/** N_test × K class probabilities: the normalised weighted votes of each test row's k nearest training rows. */
export function knnPredictProba(
  trainX: FeatureMatrix,
  trainY: readonly number[],
  testX: FeatureMatrix,
  options: KnnOptions,
): number[][] {
  checkKnnArgs(trainX, trainY, options);
  const reference = l2NormalizeRows(trainX);
  const queries = l2NormalizeRows(testX);
  const k = Math.min(options.k, reference.length);
  return queries.map((query) => {
    const neighbours = nearestByCosine(query, reference, k);
    // exp((s − s_max)/T) instead of DINO's exp(s/T): the same after normalising, and no overflow for small T
    const top = neighbours[0].similarity;
    const votes = new Array<number>(options.numClasses).fill(0);
    for (const { index, similarity } of neighbours) votes[trainY[index]] += Math.exp((similarity - top) / options.temperature);
    const total = votes.reduce((sum, vote) => sum + vote, 0);
    return votes.map((vote) => vote / total);
  });
}

function checkKnnArgs(trainX: FeatureMatrix, trainY: readonly number[], options: KnnOptions): void {
  const { numClasses, k, temperature } = options;
  if (trainX.length === 0) throw new RangeError('k-NN needs at least one training sample');
  if (trainX.length !== trainY.length) throw new RangeError(`trainX has ${trainX.length} rows but trainY has ${trainY.length} labels`);
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new RangeError(`numClasses must be a positive integer (got ${numClasses})`);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer (got ${k})`);
  if (!(temperature > 0 && Number.isFinite(temperature))) throw new RangeError(`temperature must be a finite number > 0 (got ${temperature})`);
  trainY.forEach((label, i) => {
    if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
      throw new RangeError(`trainY[${i}] = ${label} is not a class index in [0, ${numClasses})`);
    }
  });
}
