// k-means for the Gaussian-mixture initialisation, in the manner of the KMeans(n_init=1) GaussianMixture calls: greedy
// k-means++ seeding (Arthur & Vassilvitskii 2007; 2 + ⌊ln k⌋ candidates per centre) then Lloyd iterations. Not draw-
// for-draw sklearn (its RNG and empty-cluster relocation differ; an empty cluster here keeps its centre).
import type { Rng } from '../rng.ts';
import type { DenseMatrix } from './dense.ts';

export interface KMeansOptions {
  clusters: number;
  rng: Rng;
  /** Lloyd iteration cap (sklearn: 300). */
  maxIter?: number;
  /** Stop when the centres move by Σ‖Δ‖² ≤ tol × mean feature variance (sklearn: 1e-4). */
  tol?: number;
}

/** Cluster index of each row. */
export function kMeansLabels(X: DenseMatrix, options: KMeansOptions): Int32Array {
  const { clusters: k, rng, maxIter = 300, tol = 1e-4 } = options;
  const n = X.rows;
  if (k > n) throw new RangeError(`k-means: ${k} clusters need at least ${k} samples (got ${n})`);
  const centres = kMeansPlusPlus(X, k, rng);
  const labels = new Int32Array(n);
  const threshold = tol * meanVariance(X);
  for (let iter = 0; iter < maxIter; iter++) {
    for (let i = 0; i < n; i++) labels[i] = nearestCentre(X, i, centres, k).index;
    const shift = recomputeCentres(X, labels, centres, k);
    if (shift <= threshold) break;
  }
  for (let i = 0; i < n; i++) labels[i] = nearestCentre(X, i, centres, k).index;
  return labels;
}

function kMeansPlusPlus(X: DenseMatrix, k: number, rng: Rng): Float64Array {
  const { rows: n, cols: d } = X;
  const centres = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = rng.int(n);
  centres.set(X.data.subarray(first * d, (first + 1) * d), 0);
  const closest = Float64Array.from({ length: n }, (_, i) => squaredDistance(X.data, i * d, centres, 0, d));
  for (let c = 1; c < k; c++) {
    const potential = closest.reduce((sum, v) => sum + v, 0);
    let best: { index: number; potential: number; distances: Float64Array } | undefined;
    for (let t = 0; t < trials; t++) {
      const candidate = sampleProportional(closest, potential, rng);
      const distances = Float64Array.from(closest, (v, i) => Math.min(v, squaredDistance(X.data, i * d, X.data, candidate * d, d)));
      const total = distances.reduce((sum, v) => sum + v, 0);
      if (best === undefined || total < best.potential) best = { index: candidate, potential: total, distances };
    }
    if (best === undefined) throw new Error('k-means++: no candidate drawn');
    centres.set(X.data.subarray(best.index * d, (best.index + 1) * d), c * d);
    closest.set(best.distances);
  }
  return centres;
}

function sampleProportional(weights: Float64Array, total: number, rng: Rng): number {
  // All points coincide with a centre: any point is as good as another.
  if (!(total > 0)) return rng.int(weights.length);
  let target = rng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    target -= weights[i];
    if (target < 0) return i;
  }
  return weights.length - 1;
}

/** Moves each centre to its members' mean (an empty cluster keeps its centre); returns Σ‖Δ‖². */
function recomputeCentres(X: DenseMatrix, labels: Int32Array, centres: Float64Array, k: number): number {
  const d = X.cols;
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  for (let i = 0; i < X.rows; i++) {
    counts[labels[i]] += 1;
    for (let j = 0; j < d; j++) sums[labels[i] * d + j] += X.data[i * d + j];
  }
  let shift = 0;
  for (let c = 0; c < k; c++) {
    if (counts[c] === 0) continue;
    for (let j = 0; j < d; j++) {
      const updated = sums[c * d + j] / counts[c];
      shift += (updated - centres[c * d + j]) ** 2;
      centres[c * d + j] = updated;
    }
  }
  return shift;
}

function nearestCentre(X: DenseMatrix, i: number, centres: Float64Array, k: number): { index: number; distance: number } {
  const d = X.cols;
  let index = 0;
  let distance = Number.POSITIVE_INFINITY;
  for (let c = 0; c < k; c++) {
    const value = squaredDistance(X.data, i * d, centres, c * d, d);
    if (value < distance) {
      distance = value;
      index = c;
    }
  }
  return { index, distance };
}

function squaredDistance(a: Float64Array, aOffset: number, b: Float64Array, bOffset: number, d: number): number {
  let sum = 0;
  for (let j = 0; j < d; j++) sum += (a[aOffset + j] - b[bOffset + j]) ** 2;
  return sum;
}

function meanVariance(X: DenseMatrix): number {
  const { rows: n, cols: d } = X;
  let total = 0;
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += X.data[i * d + j];
    mean /= n;
    for (let i = 0; i < n; i++) total += (X.data[i * d + j] - mean) ** 2;
  }
  return total / (n * d);
}
