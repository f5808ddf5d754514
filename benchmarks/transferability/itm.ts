// ITM, Implicit Transferability Modeling (Zheng, Wang, Zhou, Huang, "Implicit Modeling for Transferability
// Estimation of Vision Foundation Models", NeurIPS 2025, arXiv 2510.23145; code github.com/BUAAHugeGun/ITM).
// Sources: neither the paper's method section nor the authors' repository could be reached from here. This follows
// a detailed third-party summary of the paper's §3 and experiments (the latent z, DVA's three steps, the closed form
// E⁽ⁿ⁺¹⁾ = (I − ηC)E⁽ⁿ⁾ + ηCÊ, batch 256, 500 iterations, best of the evaluations every 100) and, for code-level
// detail and defaults, a third-party port labelled "Port of BUAAHugeGun/ITM (TE/itm.py + nets/dva.py +
// nets/mk_proto.py)"; the two agree wherever both speak. Neither could be checked against the authors' files.
//
// The algorithm. ITM treats the fine-tuned embedding space Ê as a posterior q(Ê | E, z) given the pre-trained E
// and a latent z for the model–task pair's transferability, which is never written down: W_z, a linear map D → C
// learnt on the task, carries it implicitly, and its unit-normalised outputs are the conditions Θ = f(E; W_z)
// (itm-model.ts). DVA (itm-evolution.ts) factorises q over mini-batch subspaces, Π_j q(Ê_j | E_j, z), and evolves
// each towards its pseudo-cluster centres (one-hot per class) by the deparametric closed form; a linear head C → C
// classifies the evolved embeddings. Concretely: z-score each feature column (sd with N − 1, floored at 1e-6); split
// the samples 80/20 at random; train W_z and the head with cross-entropy by AdamW (lr 5e-3, weight decay 1e-2,
// linear decay over 10 000 iterations) for 500 iterations of batch 256; every 100 iterations evolve the held-out
// 20 % the same way, batch by batch, and classify it. The score is the best of those accuracies. As in the authors'
// evaluation, a held-out batch evolves towards its own labels' centres (C·Ê mixes the batch's labels into every
// member, a sample's own with weight η/B), so the score is not a pure held-out accuracy.
//
// Deviations from the authors' code (as ported): float64 throughout (theirs float32); our seeded generator instead
// of torch's, with the same distributions (uniform split, a reshuffle each epoch, nn.Linear's U(±1/√fan_in)
// initialisation) and default seed 0 (theirs 12357); the draws run over a canonical order of samples and columns
// (canonical-order.ts), which makes the score exactly invariant to reordering either, theirs only in distribution;
// W_z's optional hidden ReLU layers (their model_size, 0 by default) are not offered, costing O(D²) per sample;
// labels are compacted to 0..C−1 (theirs size the centres by the largest label + 1); and the summary's alternative
// pseudo-centres (random vectors, PCA eigenvectors) and "offset initialisation" from the feature mean and sd are
// not reproduced, the port showing neither.
import { Rng } from '../rng.ts';
import type { FeatureMatrix } from '../probe/standardize.ts';
import { adamWStep, createAdamWState } from './adamw.ts';
import { canonicalColumnOrder, canonicalSampleOrder, reorder } from './canonical-order.ts';
import type { DenseMatrix } from './dense.ts';
import { checkEstimatorInput } from './estimator-input.ts';
import { batchLossAndGradients, initItmParameters, parameterTensors, predictBatch, type ItmParameters } from './itm-model.ts';
import { resolveItmOptions, type ItmOptions, type ResolvedItmOptions } from './itm-options.ts';

export type { ItmOptions } from './itm-options.ts';

export interface ItmDetails {
  score: number;
  /** Held-out accuracy at each evaluation, in order. */
  evaluations: number[];
  trainSize: number;
  validationSize: number;
}

export function itmScore(features: FeatureMatrix, labels: readonly number[], options: ItmOptions = {}): number {
  return itmDetails(features, labels, options).score;
}

export function itmDetails(features: FeatureMatrix, labels: readonly number[], options: ItmOptions = {}): ItmDetails {
  const settings = resolveItmOptions(options);
  const input = checkEstimatorInput('ITM', features, labels);
  const keys = standardizeColumns(input.X);
  const samples = canonicalSampleOrder(keys, input.labels);
  const Z = standardizeColumns(reorder(input.X, samples, canonicalColumnOrder(keys, samples)));
  const y = Int32Array.from(samples, (i) => input.labels[i]);
  const n = Z.rows;
  const trainSize = Math.floor(settings.trainFraction * n);
  if (trainSize < 1 || trainSize >= n) {
    throw new RangeError(`ITM: trainFraction ${settings.trainFraction} of ${n} samples leaves ${trainSize} to train and ${n - trainSize} to hold out; both need at least 1`);
  }
  const rng = new Rng(settings.seed);
  const order = rng.fork('itm-split').shuffle(Array.from({ length: n }, (_, i) => i));
  const train = order.slice(0, trainSize);
  const validation = order.slice(trainSize);
  const parameters = initItmParameters(input.numClasses, Z.cols, rng.fork('itm-init'));
  const tensors = parameterTensors(parameters);
  const optimiser = createAdamWState(tensors);
  const nextBatch = epochBatches(train, settings.batchSize, rng.fork('itm-batches'));
  const evaluations: number[] = [];
  for (let iteration = 1; iteration <= settings.iterations; iteration++) {
    const { gradients } = batchLossAndGradients(parameters, Z, nextBatch(), y, settings.evolution);
    adamWStep(tensors, gradients, optimiser, settings.optimiser);
    if (iteration % settings.evaluationInterval === 0) evaluations.push(heldOutAccuracy(parameters, Z, validation, y, settings));
  }
  return { score: Math.max(...evaluations), evaluations, trainSize, validationSize: validation.length };
}

/** (x − mean) / max(sd, 1e-6) per column, sd with N − 1 as torch.std. */
export function standardizeColumns(X: DenseMatrix): DenseMatrix {
  const { rows: n, cols: d, data } = X;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) scale[j] += (data[i * d + j] - mean[j]) ** 2;
  for (let j = 0; j < d; j++) scale[j] = Math.max(Math.sqrt(scale[j] / (n - 1)), 1e-6);
  return { rows: n, cols: d, data: data.map((value, index) => (value - mean[index % d]) / scale[index % d]) };
}

/** Consecutive mini-batches of a fresh shuffle of `members` each epoch, the last one of an epoch possibly short. */
function epochBatches(members: readonly number[], batchSize: number, rng: Rng): () => number[] {
  let epoch: number[] = [];
  let cursor = 0;
  return () => {
    if (cursor >= epoch.length) {
      epoch = rng.shuffle(members);
      cursor = 0;
    }
    const batch = epoch.slice(cursor, cursor + batchSize);
    cursor += batchSize;
    return batch;
  };
}

/** Accuracy over the held-out samples, evolved and classified in consecutive batches of the training batch size. */
function heldOutAccuracy(parameters: ItmParameters, Z: DenseMatrix, validation: readonly number[], y: Int32Array, settings: ResolvedItmOptions): number {
  let correct = 0;
  for (let start = 0; start < validation.length; start += settings.batchSize) {
    const batch = validation.slice(start, start + settings.batchSize);
    const predicted = predictBatch(parameters, Z, batch, y, settings.evolution);
    batch.forEach((i, r) => {
      if (predicted[r] === y[i]) correct += 1;
    });
  }
  return correct / validation.length;
}
