// PARC (Bolya et al., NeurIPS 2021; code dbolya/parc `PARC.get_parc_correlation`): PCA to 32 dims, standardise, then
// the Spearman correlation of the upper triangles of 1 − Pearson(rows) for features and for one-hot labels, × 100 as
// in their code. Deviations: at most N − 1 components; exact PCA (theirs: randomised SVD, iterated_power=1, which
// approximates the same subspace); the label distance takes its two exact levels (np.corrcoef's rounding splits one
// of them for C = 3, 5, 6, 7, …, which changes their score); distances rounded to 1e-12 so exact ties stay ties;
// above maxSamples a class-stratified subsample (theirs: 15000, with a bug that sets targets from features).
import { Rng } from '../rng.ts';
import type { FeatureMatrix } from '../probe/standardize.ts';
import type { DenseMatrix } from './dense.ts';
import { checkEstimatorInput } from './estimator-input.ts';
import { spearmanAgainstTwoLevels } from './pair-rank-correlation.ts';
import { principalComponents } from './pca.ts';

/**
 * Distances are rounded to 12 decimals before ranking. Rounding noise (1e-16) otherwise decides the order of pairs
 * that are equal in exact arithmetic (duplicate samples): numpy's own corrcoef finds 615 or 625 ties on the same
 * data depending on 1e-14 changes in its input, moving the score by ~1e-6. Real distances differ far above 1e-12.
 */
const DISTANCE_GRID = 1e12;

export interface ParcOptions {
  /** PCA dimensions (default 32, capped at min(D, N − 1): beyond N − 1 a centred component is rounding noise). */
  dims?: number;
  /** Above this many samples, a class-stratified subsample of this size is scored (default 5000: 12.5 M pairs). */
  maxSamples?: number;
  /** Seeds the subsample (default 0). */
  seed?: number;
}

export function parcScore(features: FeatureMatrix, labels: readonly number[], options: ParcOptions = {}): number {
  const { dims = 32, maxSamples = 5000, seed = 0 } = options;
  if (!Number.isInteger(dims) || dims < 1) throw new RangeError(`PARC: dims must be a positive integer (got ${dims})`);
  const input = checkEstimatorInput('PARC', features, labels);
  const kept = input.X.rows > maxSamples ? stratifiedSubsample(input.labels, input.numClasses, maxSamples / input.X.rows, new Rng(seed).fork('parc-subsample')) : undefined;
  const X = kept === undefined ? input.X : selectRows(input.X, kept);
  const y = kept === undefined ? input.labels : Int32Array.from(kept, (i) => input.labels[i]);
  const reduced = principalComponents(X, { components: Math.min(dims, X.cols, X.rows - 1) }).scores;
  const unitRows = rowCorrelationVectors(standardizeColumns(reduced));
  return 100 * pairCorrelation(unitRows, y);
}

/** Distances 1 − corr(i, j) for i < j split by whether the pair shares a class; then their Spearman correlation. */
function pairCorrelation(U: DenseMatrix, labels: Int32Array): number {
  const { rows: n, cols: k } = U;
  let sameCount = 0;
  const classCounts = new Map<number, number>();
  for (const c of labels) classCounts.set(c, (classCounts.get(c) ?? 0) + 1);
  for (const count of classCounts.values()) sameCount += (count * (count - 1)) / 2;
  const same = new Float64Array(sameCount);
  const different = new Float64Array((n * (n - 1)) / 2 - sameCount);
  let s = 0;
  let t = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let dot = 0;
      for (let c = 0; c < k; c++) dot += U.data[i * k + c] * U.data[j * k + c];
      // numpy.corrcoef clips to [−1, 1]; the 1e-12 grid makes equal rows tie exactly whatever the summation order.
      const distance = Math.round((1 - Math.min(1, Math.max(-1, dot))) * DISTANCE_GRID) / DISTANCE_GRID;
      if (labels[i] === labels[j]) same[s++] = distance;
      else different[t++] = distance;
    }
  }
  return spearmanAgainstTwoLevels(same, different);
}

/** StandardScaler: zero mean, population sd 1; a column sklearn deems constant (var ≤ n·ε·var + (n·mean·ε)²) keeps scale 1. */
function standardizeColumns(X: DenseMatrix): DenseMatrix {
  const { rows: n, cols: k } = X;
  const data = Float64Array.from(X.data);
  for (let c = 0; c < k; c++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += data[i * k + c];
    mean /= n;
    let variance = 0;
    for (let i = 0; i < n; i++) variance += (data[i * k + c] - mean) ** 2;
    variance /= n;
    const constant = variance <= n * Number.EPSILON * variance + (n * mean * Number.EPSILON) ** 2;
    const scale = constant ? 1 : Math.sqrt(variance);
    for (let i = 0; i < n; i++) data[i * k + c] = (data[i * k + c] - mean) / scale;
  }
  return { rows: n, cols: k, data };
}

/** Each row centred across its columns and scaled to unit norm, so a dot product is numpy.corrcoef of two rows. */
function rowCorrelationVectors(X: DenseMatrix): DenseMatrix {
  const { rows: n, cols: k } = X;
  const data = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let mean = 0;
    for (let c = 0; c < k; c++) mean += X.data[i * k + c];
    mean /= k;
    let norm = 0;
    for (let c = 0; c < k; c++) norm += (X.data[i * k + c] - mean) ** 2;
    norm = Math.sqrt(norm);
    if (!(norm > 0)) throw new RangeError(`PARC: sample ${i} has the same value in every reduced dimension, so its correlation is undefined`);
    for (let c = 0; c < k; c++) data[i * k + c] = (X.data[i * k + c] - mean) / norm;
  }
  return { rows: n, cols: k, data };
}

/** As the reference's initLabeled: ⌊p·n_c⌋ samples drawn without replacement from each class. */
function stratifiedSubsample(labels: Int32Array, numClasses: number, fraction: number, rng: Rng): number[] {
  const members: number[][] = Array.from({ length: numClasses }, () => []);
  labels.forEach((label, i) => members[label].push(i));
  const kept = members.flatMap((list) => rng.shuffle(list).slice(0, Math.floor(fraction * list.length)));
  return kept.sort((a, b) => a - b);
}

function selectRows(X: DenseMatrix, rows: readonly number[]): DenseMatrix {
  const data = new Float64Array(rows.length * X.cols);
  rows.forEach((row, i) => data.set(X.data.subarray(row * X.cols, (row + 1) * X.cols), i * X.cols));
  return { rows: rows.length, cols: X.cols, data };
}
