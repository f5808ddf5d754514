// The kernels of ITM's projection W_z: the forward product W·z + b over a mini-batch and its weight gradient
// Σ_r g_r ⊗ z_r, the only O(B · C · D) work of a training step. Each handles four rows per pass over the weights
// (the forward sums still run over j in order, as a plain loop's; the gradient adds four rows' terms at a time).
import type { DenseMatrix } from './dense.ts';

/** Where rows batch[r..r+3] start in a row-major matrix of `d` columns. */
function fourRowStarts(batch: ArrayLike<number>, r: number, d: number): [number, number, number, number] {
  return [batch[r] * d, batch[r + 1] * d, batch[r + 2] * d, batch[r + 3] * d];
}

/** W z + b (B × C) for the rows `batch` of Z, W being C × D; four rows share each pass over a weight row. */
export function projectRows(projection: Float64Array, projectionBias: Float64Array, Z: DenseMatrix, batch: ArrayLike<number>): Float64Array {
  const c = projectionBias.length;
  const d = Z.cols;
  const features = Z.data;
  const out = new Float64Array(batch.length * c);
  let r = 0;
  for (; r + 3 < batch.length; r += 4) {
    const [x0, x1, x2, x3] = fourRowStarts(batch, r, d);
    for (let k = 0; k < c; k++) {
      const w = k * d;
      let s0 = projectionBias[k];
      let s1 = s0;
      let s2 = s0;
      let s3 = s0;
      for (let j = 0; j < d; j++) {
        const weight = projection[w + j];
        s0 += weight * features[x0 + j];
        s1 += weight * features[x1 + j];
        s2 += weight * features[x2 + j];
        s3 += weight * features[x3 + j];
      }
      out[r * c + k] = s0;
      out[(r + 1) * c + k] = s1;
      out[(r + 2) * c + k] = s2;
      out[(r + 3) * c + k] = s3;
    }
  }
  for (; r < batch.length; r++) {
    const x = batch[r] * d;
    for (let k = 0; k < c; k++) {
      let sum = projectionBias[k];
      for (let j = 0; j < d; j++) sum += projection[k * d + j] * features[x + j];
      out[r * c + k] = sum;
    }
  }
  return out;
}

/** out (C × D) += Σ_r g_r ⊗ z_{batch[r]}, four rows per pass so each weight row is written a quarter as often. */
export function accumulateOuterProducts(out: Float64Array, g: Float64Array, Z: DenseMatrix, batch: ArrayLike<number>, c: number): void {
  const d = Z.cols;
  const features = Z.data;
  let r = 0;
  for (; r + 3 < batch.length; r += 4) {
    const [x0, x1, x2, x3] = fourRowStarts(batch, r, d);
    for (let k = 0; k < c; k++) {
      const g0 = g[r * c + k];
      const g1 = g[(r + 1) * c + k];
      const g2 = g[(r + 2) * c + k];
      const g3 = g[(r + 3) * c + k];
      const w = k * d;
      for (let j = 0; j < d; j++) out[w + j] += g0 * features[x0 + j] + g1 * features[x1 + j] + g2 * features[x2 + j] + g3 * features[x3 + j];
    }
  }
  for (; r < batch.length; r++) {
    const x = batch[r] * d;
    for (let k = 0; k < c; k++) {
      const gk = g[r * c + k];
      const w = k * d;
      for (let j = 0; j < d; j++) out[w + j] += gk * features[x + j];
    }
  }
}
