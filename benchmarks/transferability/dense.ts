// Row-major float64 matrices and the few kernels the estimators share: Gram and covariance matrices, class means,
// Cholesky factors and triangular solves, and a symmetric eigendecomposition (ml-matrix's tred2/tql2, sorted descending).
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

export interface DenseMatrix {
  rows: number;
  cols: number;
  /** rows × cols values, row-major. */
  data: Float64Array;
}

/**
 * XᵀX (cols × cols) as dot products of the columns of a transposed copy, so the operands stream contiguously;
 * four columns share each pass over column a (each sum still runs over i in order).
 */
export function gramMatrix(X: DenseMatrix): Float64Array {
  const { rows: n, cols: d } = X;
  const c = transposed(X);
  const gram = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    const aStart = a * n;
    let b = a;
    for (; b + 3 < d; b += 4) {
      const b0 = b * n;
      const b1 = b0 + n;
      const b2 = b1 + n;
      const b3 = b2 + n;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let i = 0; i < n; i++) {
        const x = c[aStart + i];
        s0 += x * c[b0 + i];
        s1 += x * c[b1 + i];
        s2 += x * c[b2 + i];
        s3 += x * c[b3 + i];
      }
      gram[a * d + b] = s0;
      gram[a * d + b + 1] = s1;
      gram[a * d + b + 2] = s2;
      gram[a * d + b + 3] = s3;
    }
    for (; b < d; b++) {
      const b0 = b * n;
      let sum = 0;
      for (let i = 0; i < n; i++) sum += c[aStart + i] * c[b0 + i];
      gram[a * d + b] = sum;
    }
  }
  mirrorUpper(gram, d);
  return gram;
}

/** cols × rows row-major copy of X. */
export function transposed(X: DenseMatrix): Float64Array {
  const { rows: n, cols: d, data } = X;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[j * n + i] = data[i * d + j];
  return out;
}

export function columnMeans(X: DenseMatrix): Float64Array {
  const means = new Float64Array(X.cols);
  for (let i = 0; i < X.rows; i++) for (let j = 0; j < X.cols; j++) means[j] += X.data[i * X.cols + j];
  for (let j = 0; j < X.cols; j++) means[j] /= X.rows;
  return means;
}

/** C × D means of the rows of each class. */
export function classMeans(X: DenseMatrix, labels: Int32Array, numClasses: number): Float64Array {
  const d = X.cols;
  const sums = new Float64Array(numClasses * d);
  const counts = new Float64Array(numClasses);
  for (let i = 0; i < X.rows; i++) {
    const c = labels[i];
    counts[c] += 1;
    for (let j = 0; j < d; j++) sums[c * d + j] += X.data[i * d + j];
  }
  for (let c = 0; c < numClasses; c++) for (let j = 0; j < d; j++) sums[c * d + j] /= counts[c];
  return sums;
}

/** X with `rowOffsets(i)` (a D-vector) subtracted from each row i. */
export function subtractRows(X: DenseMatrix, rowOffset: (i: number) => ArrayLike<number>): DenseMatrix {
  const d = X.cols;
  const data = new Float64Array(X.data.length);
  for (let i = 0; i < X.rows; i++) {
    const offset = rowOffset(i);
    for (let j = 0; j < d; j++) data[i * d + j] = X.data[i * d + j] - offset[j];
  }
  return { rows: X.rows, cols: d, data };
}

export interface SymmetricEigen {
  /** Eigenvalues, largest first. */
  values: Float64Array;
  /** n × n row-major; column k is the unit eigenvector of values[k]. */
  vectors: Float64Array;
}

export function symmetricEigen(A: Float64Array, n: number): SymmetricEigen {
  const evd = new EigenvalueDecomposition(Matrix.from1DArray(n, n, A), { assumeSymmetric: true });
  const ascending = evd.realEigenvalues;
  const vectorMatrix = evd.eigenvectorMatrix;
  const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => ascending[b] - ascending[a]);
  const values = Float64Array.from(order, (k) => ascending[k]);
  const vectors = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = vectorMatrix.getRow(i);
    for (let k = 0; k < n; k++) vectors[i * n + k] = row[order[k]];
  }
  return { values, vectors };
}

/** Lower factor L of A = LLᵀ (n × n, row-major), or undefined when A is not numerically positive definite. */
export function choleskyLower(A: Float64Array, n: number): Float64Array | undefined {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = A[i * n + j];
      for (let k = 0; k < j; k++) sum -= L[i * n + k] * L[j * n + k];
      if (i === j) {
        if (!(sum > 0)) return undefined;
        L[i * n + i] = Math.sqrt(sum);
      } else {
        L[i * n + j] = sum / L[j * n + j];
      }
    }
  }
  return L;
}

/** Solves L z = v in place (L lower triangular, from choleskyLower). */
export function forwardSubstitute(L: Float64Array, n: number, v: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let sum = v[i];
    const row = i * n;
    for (let k = 0; k < i; k++) sum -= L[row + k] * v[k];
    v[i] = sum / L[row + i];
  }
}

/** Solves Lᵀ x = v in place. */
export function backSubstituteTransposed(L: Float64Array, n: number, v: Float64Array): void {
  for (let i = n - 1; i >= 0; i--) {
    let sum = v[i];
    for (let k = i + 1; k < n; k++) sum -= L[k * n + i] * v[k];
    v[i] = sum / L[i * n + i];
  }
}

/** Copies the upper triangle of a square row-major matrix into its lower triangle. */
export function mirrorUpper(A: Float64Array, n: number): void {
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) A[b * n + a] = A[a * n + b];
}
