// The two halves of EM for a Gaussian mixture, as sklearn.mixture.GaussianMixture computes them: component
// parameters from responsibilities (nk + 10ε, covariance + reg_covar·I) and weighted log densities per component.
import { choleskyLower, type DenseMatrix } from './dense.ts';

export type CovarianceType = 'full' | 'diag';

export interface MixtureParameters {
  covariance: CovarianceType;
  components: number;
  dims: number;
  /** K mixing weights summing to 1. */
  weights: Float64Array;
  /** K × d, row-major. */
  means: Float64Array;
  /** K × d × d (full) or K × d variances (diag). */
  covariances: Float64Array;
}

const LOG_2PI = Math.log(2 * Math.PI);
/** sklearn adds 10 machine epsilons to each component's mass so an empty component does not divide by zero. */
const MASS_FLOOR = 10 * Number.EPSILON;
/** Responsibilities below this fraction of a component's mass change its covariance by < 1e-14 relative: skipped. */
const NEGLIGIBLE_RESPONSIBILITY = 1e-16;

/** M-step: parameters from an N × K responsibility matrix. */
export function estimateParameters(
  X: DenseMatrix,
  responsibilities: Float64Array,
  components: number,
  covariance: CovarianceType,
  regCovar: number,
): MixtureParameters {
  const { rows: n, cols: d } = X;
  const K = components;
  const mass = new Float64Array(K).fill(MASS_FLOOR);
  const means = new Float64Array(K * d);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < K; k++) {
      const r = responsibilities[i * K + k];
      mass[k] += r;
      if (r === 0) continue;
      for (let j = 0; j < d; j++) means[k * d + j] += r * X.data[i * d + j];
    }
  }
  for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) means[k * d + j] /= mass[k];
  const covariances = covariance === 'full' ? fullCovariances(X, responsibilities, K, means, mass) : diagonalVariances(X, responsibilities, K, means, mass);
  const stride = covariance === 'full' ? d * d : d;
  for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) covariances[k * stride + (covariance === 'full' ? j * d + j : j)] += regCovar;
  const totalMass = mass.reduce((sum, m) => sum + m, 0);
  const weights = mass.map((m) => m / totalMass);
  return { covariance, components: K, dims: d, weights, means, covariances };
}

function fullCovariances(X: DenseMatrix, resp: Float64Array, K: number, means: Float64Array, mass: Float64Array): Float64Array {
  const { rows: n, cols: d } = X;
  const covariances = new Float64Array(K * d * d);
  const centred = new Float64Array(d);
  for (let k = 0; k < K; k++) {
    const base = k * d * d;
    const skipBelow = NEGLIGIBLE_RESPONSIBILITY * mass[k];
    for (let i = 0; i < n; i++) {
      const r = resp[i * K + k];
      if (r <= skipBelow) continue;
      for (let j = 0; j < d; j++) centred[j] = X.data[i * d + j] - means[k * d + j];
      for (let a = 0; a < d; a++) {
        const weighted = r * centred[a];
        const row = base + a * d;
        for (let b = 0; b <= a; b++) covariances[row + b] += weighted * centred[b];
      }
    }
    for (let a = 0; a < d; a++) {
      for (let b = 0; b <= a; b++) {
        const value = covariances[base + a * d + b] / mass[k];
        covariances[base + a * d + b] = value;
        covariances[base + b * d + a] = value;
      }
    }
  }
  return covariances;
}

function diagonalVariances(X: DenseMatrix, resp: Float64Array, K: number, means: Float64Array, mass: Float64Array): Float64Array {
  const { rows: n, cols: d } = X;
  const variances = new Float64Array(K * d);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < K; k++) {
      const r = resp[i * K + k];
      if (r === 0) continue;
      for (let j = 0; j < d; j++) variances[k * d + j] += r * (X.data[i * d + j] - means[k * d + j]) ** 2;
    }
  }
  for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) variances[k * d + j] /= mass[k];
  return variances;
}

/** N × K values log wₖ + log 𝒩(xᵢ | μₖ, Σₖ). Throws when a covariance is not positive definite. */
export function weightedLogDensities(X: DenseMatrix, params: MixtureParameters): Float64Array {
  const { rows: n, cols: d } = X;
  const K = params.components;
  const out = new Float64Array(n * K);
  const solved = new Float64Array(d);
  for (let k = 0; k < K; k++) {
    const factor = params.covariance === 'full' ? componentCholesky(params, k) : undefined;
    const variances = params.covariances.subarray(k * d, (k + 1) * d);
    let logDet = 0;
    for (let j = 0; j < d; j++) logDet += factor === undefined ? Math.log(variances[j]) : 2 * Math.log(factor[j * d + j]);
    const constant = Math.log(params.weights[k]) - 0.5 * (d * LOG_2PI + logDet);
    const meanStart = k * d;
    for (let i = 0; i < n; i++) {
      const rowStart = i * d;
      let mahalanobis = 0;
      if (factor === undefined) {
        for (let j = 0; j < d; j++) {
          const deviation = X.data[rowStart + j] - params.means[meanStart + j];
          mahalanobis += (deviation * deviation) / variances[j];
        }
      } else {
        // Forward substitution L z = x − μ, accumulating ‖z‖² as each zⱼ is found.
        for (let j = 0; j < d; j++) {
          let sum = X.data[rowStart + j] - params.means[meanStart + j];
          const factorRow = j * d;
          for (let m = 0; m < j; m++) sum -= factor[factorRow + m] * solved[m];
          const z = sum / factor[factorRow + j];
          solved[j] = z;
          mahalanobis += z * z;
        }
      }
      out[i * K + k] = constant - 0.5 * mahalanobis;
    }
  }
  return out;
}

function componentCholesky(params: MixtureParameters, k: number): Float64Array {
  const d = params.dims;
  const factor = choleskyLower(params.covariances.subarray(k * d * d, (k + 1) * d * d), d);
  if (factor === undefined) {
    throw new RangeError(`Gaussian mixture: covariance of component ${k} is not positive definite; increase regCovar`);
  }
  return factor;
}
