// The regularised Fisher discriminant of SFDA (Shao et al., ECCV 2022; TencentARC/SFDA `SFDA._solve_eigen`):
// within-class scatter Sw shrunk towards (tr Sw / D)·I with an adaptive strength exp(−5 λmax(Sw)) ≥ 1e-10, and the
// linear class scores x·coef_c + intercept_c. The reference takes every generalised eigenvector V of (Sb, Sw_shrunk)
// (VᵀSw_shrunk V = I) and forms coef = μ V Vᵀ = μ Sw_shrunk⁻¹; we solve with its Cholesky factor instead (same values;
// scipy's eigh factors Sw_shrunk the same way, so both fail together when it is singular).
import { backSubstituteTransposed, choleskyLower, classMeans, forwardSubstitute, gramMatrix, subtractRows, type DenseMatrix } from './dense.ts';

export interface ShrunkDiscriminant {
  numClasses: number;
  /** C × D, row-major. */
  coef: Float64Array;
  intercept: Float64Array;
  /** The shrinkage used (adaptive unless given). */
  shrinkage: number;
}

export function fitShrunkDiscriminant(X: DenseMatrix, labels: Int32Array, numClasses: number, shrinkage?: number): ShrunkDiscriminant {
  const { rows: n, cols: d } = X;
  const means = classMeans(X, labels, numClasses);
  const within = gramMatrix(subtractRows(X, (i) => means.subarray(labels[i] * d, (labels[i] + 1) * d)));
  for (let j = 0; j < within.length; j++) within[j] /= n;
  const strength = shrinkage ?? Math.max(Math.exp(-5 * largestEigenvalueEstimate(within, d)), 1e-10);
  let trace = 0;
  for (let j = 0; j < d; j++) trace += within[j * d + j];
  const shrunk = within.map((value) => (1 - strength) * value);
  for (let j = 0; j < d; j++) shrunk[j * d + j] += (strength * trace) / d;
  const factor = choleskyLower(shrunk, d);
  if (factor === undefined) {
    throw new RangeError(`SFDA: the shrunk within-class scatter (shrinkage ${strength.toExponential(2)}) is singular; are there fewer samples than feature dimensions (N = ${n}, D = ${d})?`);
  }
  const counts = new Float64Array(numClasses);
  for (const c of labels) counts[c] += 1;
  const coef = new Float64Array(numClasses * d);
  const intercept = new Float64Array(numClasses);
  for (let c = 0; c < numClasses; c++) {
    const mean = means.subarray(c * d, (c + 1) * d);
    const w = Float64Array.from(mean);
    forwardSubstitute(factor, d, w);
    backSubstituteTransposed(factor, d, w);
    coef.set(w, c * d);
    let quadratic = 0;
    for (let j = 0; j < d; j++) quadratic += mean[j] * w[j];
    intercept[c] = -0.5 * quadratic + Math.log(counts[c] / n);
  }
  return { numClasses, coef, intercept, shrinkage: strength };
}

/** N × C softmax of the class scores. */
export function discriminantProbabilities(model: ShrunkDiscriminant, X: DenseMatrix): Float64Array {
  const { rows: n, cols: d } = X;
  const C = model.numClasses;
  const out = new Float64Array(n * C);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < C; c++) {
      let score = model.intercept[c];
      for (let j = 0; j < d; j++) score += X.data[i * d + j] * model.coef[c * d + j];
      out[i * C + c] = score;
    }
    softmaxInPlace(out.subarray(i * C, (i + 1) * C));
  }
  return out;
}

export function softmaxInPlace(row: Float64Array): void {
  let largest = Number.NEGATIVE_INFINITY;
  for (const value of row) largest = Math.max(largest, value);
  let sum = 0;
  for (let c = 0; c < row.length; c++) {
    row[c] = Math.exp(row[c] - largest);
    sum += row[c];
  }
  for (let c = 0; c < row.length; c++) row[c] /= sum;
}

/** The reference's `iterative_A`: three double power steps from the row sums, then the Rayleigh-like xᵀAy. */
export function largestEigenvalueEstimate(A: Float64Array, n: number): number {
  let x: Float64Array = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) x[i] += A[i * n + j];
  let y: Float64Array = new Float64Array(n);
  for (let step = 0; step < 3; step++) {
    y = normalised(multiply(A, n, x));
    x = normalised(multiply(A, n, y));
  }
  const Ay = multiply(A, n, y);
  let value = 0;
  for (let i = 0; i < n; i++) value += x[i] * Ay[i];
  return value;
}

function multiply(A: Float64Array, n: number, v: Float64Array): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += A[i * n + j] * v[j];
    out[i] = sum;
  }
  return out;
}

function normalised(v: Float64Array): Float64Array {
  let norm = 0;
  for (const value of v) norm += value * value;
  norm = Math.sqrt(norm);
  return v.map((value) => value / norm);
}
