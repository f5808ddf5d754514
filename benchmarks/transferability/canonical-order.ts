// An order of samples and of feature columns fixed by their content, not by the caller's layout, so that an
// estimator drawing its randomness by position (a split, mini-batches, per-column initial weights) gives exactly
// the same score for any reordering of rows or columns. Keys are sums of powers of column-standardised values, so
// they are also unchanged by a positive affine rescaling of any column; exact ties fall back to input position.
import type { DenseMatrix } from './dense.ts';

/** Samples sorted by (label, Σ_j z_ij², Σ_j z_ij³), z = Z column-standardised. */
export function canonicalSampleOrder(Z: DenseMatrix, labels: Int32Array): number[] {
  const { rows: n, cols: d, data } = Z;
  const squares = new Float64Array(n);
  const cubes = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const z = data[i * d + j];
      squares[i] += z * z;
      cubes[i] += z * z * z;
    }
  }
  return sortedIndices(n, (a, b) => labels[a] - labels[b] || squares[a] - squares[b] || cubes[a] - cubes[b]);
}

/** Columns sorted by (Σ_i z_ij³, Σ_i z_ij⁴), summed over the samples in `sampleOrder`. */
export function canonicalColumnOrder(Z: DenseMatrix, sampleOrder: readonly number[]): number[] {
  const { cols: d, data } = Z;
  const cubes = new Float64Array(d);
  const fourths = new Float64Array(d);
  for (const i of sampleOrder) {
    for (let j = 0; j < d; j++) {
      const squared = data[i * d + j] ** 2;
      cubes[j] += squared * data[i * d + j];
      fourths[j] += squared * squared;
    }
  }
  return sortedIndices(d, (a, b) => cubes[a] - cubes[b] || fourths[a] - fourths[b]);
}

/** The submatrix X[rows, cols] in the given orders. */
export function reorder(X: DenseMatrix, rows: readonly number[], cols: readonly number[]): DenseMatrix {
  const data = new Float64Array(rows.length * cols.length);
  rows.forEach((i, r) => {
    cols.forEach((j, k) => {
      data[r * cols.length + k] = X.data[i * X.cols + j];
    });
  });
  return { rows: rows.length, cols: cols.length, data };
}

function sortedIndices(length: number, compare: (a: number, b: number) => number): number[] {
  return Array.from({ length }, (_, i) => i).sort((a, b) => compare(a, b) || a - b);
}
