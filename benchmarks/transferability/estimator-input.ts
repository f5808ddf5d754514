// Argument checks shared by the transferability estimators: features N × D, finite, with at least two classes.
// Labels are compacted to 0..C-1 in sorted order (np.unique(..., return_inverse=True), as the reference codes do).
import type { FeatureMatrix } from '../probe/standardize.ts';
import type { DenseMatrix } from './dense.ts';

export interface EstimatorInput {
  /** Row-major N × D copy of the features. */
  X: DenseMatrix;
  /** Label of each row as an index into `classValues`. */
  labels: Int32Array;
  numClasses: number;
  /** The original label value of each compact class, ascending. */
  classValues: number[];
  classCounts: Int32Array;
}

/** Validates and copies the input; throws a RangeError naming the first problem found. */
export function checkEstimatorInput(estimator: string, features: FeatureMatrix, labels: readonly number[]): EstimatorInput {
  const n = features.length;
  if (n < 2) throw new RangeError(`${estimator}: needs at least 2 samples (got ${n})`);
  if (labels.length !== n) throw new RangeError(`${estimator}: features have ${n} rows but labels has ${labels.length}`);
  const d = features[0].length;
  if (d === 0) throw new RangeError(`${estimator}: features have zero dimensions (D = 0)`);
  const data = new Float64Array(n * d);
  features.forEach((row, i) => {
    if (row.length !== d) throw new RangeError(`${estimator}: row ${i} has ${row.length} features, expected ${d}`);
    for (let j = 0; j < d; j++) {
      const value = row[j];
      if (!Number.isFinite(value)) throw new RangeError(`${estimator}: features[${i}][${j}] = ${value} is not finite`);
      data[i * d + j] = value;
    }
  });
  labels.forEach((label, i) => {
    if (!Number.isInteger(label) || label < 0) {
      throw new RangeError(`${estimator}: labels[${i}] = ${label} is not a non-negative integer class index`);
    }
  });
  const classValues = [...new Set(labels)].sort((a, b) => a - b);
  if (classValues.length < 2) {
    throw new RangeError(`${estimator}: needs at least 2 classes, but all ${n} samples have label ${classValues[0]}`);
  }
  const compact = new Map(classValues.map((value, c) => [value, c]));
  const compactLabels = Int32Array.from(labels, (label) => compact.get(label) ?? -1);
  const classCounts = new Int32Array(classValues.length);
  for (const c of compactLabels) classCounts[c] += 1;
  return { X: { rows: n, cols: d, data }, labels: compactLabels, numClasses: classValues.length, classValues, classCounts };
}
