// Sinkhorn–Knopp teacher targets (Cuturi 2013; SwAV; DINOv2 `sinkhorn_knopp_teacher`): 3 alternating
// normalisations of exp(t/τ) so that every prototype gets about the same share of the batch and every row sums
// to 1. Only the prototype (row) scalings couple the rows, so the result equals softmax((t − c)/τ) with
// c = −τ·log(product of those scalings): we return that per-batch centre, computed in the log domain in float64
// on the gathered rows of the whole batch (data-parallel shards then get identical targets whatever their count).

/** DINOv2's iteration count. */
export const SINKHORN_ITERATIONS = 3;

/**
 * The centre c [K] with softmax((t_b − c)/τ) = the Sinkhorn–Knopp assignment of row b, for `rows` rows of K
 * logits stored row-major in `logits`. With 0 rows the centre is 0 (nothing to balance).
 */
export function sinkhornKnoppCenter(logits: Float32Array, k: number, teacherTemp: number, iterations = SINKHORN_ITERATIONS): Float32Array {
  const rows = logits.length / k;
  if (!Number.isInteger(rows)) throw new Error(`sinkhornKnoppCenter: ${logits.length} logits is not a multiple of K = ${k}`);
  if (rows === 0) return new Float32Array(k);
  const scaled = Float64Array.from(logits, (t) => t / teacherTemp);
  // log Q[b][j] = scaled[b][j] + prototypeLog[j] + rowLog[b], up to a constant
  // (the reference first divides Q by its total: a constant factor, which the first prototype step absorbs)
  const prototypeLog = new Float64Array(k);
  const rowLog = new Float64Array(rows);
  const logK = Math.log(k);
  const logRows = Math.log(rows);
  for (let it = 0; it < iterations; it++) {
    // each prototype's total mass becomes 1/K
    for (let j = 0; j < k; j++) {
      prototypeLog[j] -= logSumExp(scaled, j, rows, k, prototypeLog[j], rowLog) + logK;
    }
    // each row's total mass becomes 1/rows
    for (let b = 0; b < rows; b++) {
      rowLog[b] -= logSumExp(scaled, b * k, k, 1, rowLog[b], prototypeLog) + logRows;
    }
  }
  // a constant shift of c leaves the softmax unchanged: keep c near 0 for float32
  const mean = prototypeLog.reduce((acc, a) => acc + a, 0) / k;
  return Float32Array.from(prototypeLog, (a) => -teacherTemp * (a - mean));
}

/**
 * log Σ_i exp(values[start + i·stride] + shift + extra[i]) over `count` entries; `extra` is indexed by i (the
 * other axis's log scalings) or absent.
 */
function logSumExp(values: Float64Array, start: number, count: number, stride: number, shift: number, extra: Float64Array | undefined): number {
  let max = -Infinity;
  for (let i = 0; i < count; i++) max = Math.max(max, values[start + i * stride] + (extra ? extra[i] : 0));
  let total = 0;
  for (let i = 0; i < count; i++) total += Math.exp(values[start + i * stride] + (extra ? extra[i] : 0) - max);
  return max + Math.log(total) + shift;
}

/** The assignments softmax((t_b − c)/τ), row-major [rows, K], in float64 (for tests and diagnostics). */
export function centredSoftmaxRows(logits: Float32Array, k: number, center: Float32Array, teacherTemp: number): Float64Array {
  const out = new Float64Array(logits.length);
  for (let start = 0; start < logits.length; start += k) {
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, (logits[start + j] - center[j]) / teacherTemp);
    let total = 0;
    for (let j = 0; j < k; j++) {
      out[start + j] = Math.exp((logits[start + j] - center[j]) / teacherTemp - max);
      total += out[start + j];
    }
    for (let j = 0; j < k; j++) out[start + j] /= total;
  }
  return out;
}
