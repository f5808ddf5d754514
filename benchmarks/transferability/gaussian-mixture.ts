// Gaussian mixture fitted by EM, step for step as sklearn.mixture.GaussianMixture (n_init = 1): initial parameters
// from k-means labels or given ones, E/M alternation until the mean log-likelihood changes by < tol, and a final E-step
// whose posteriors are what predict_proba returns. Written here because the npm GMM packages are broken.
import type { Rng } from '../rng.ts';
import type { DenseMatrix } from './dense.ts';
import { kMeansLabels } from './kmeans.ts';
import { estimateParameters, weightedLogDensities, type CovarianceType, type MixtureParameters } from './mixture-steps.ts';

export type MixtureInit =
  /** sklearn's default: one-hot responsibilities from k-means (k-means++ seeding drawn from rng). */
  | { kind: 'kmeans'; rng: Rng }
  /** N × K responsibilities; the first M-step turns them into parameters. */
  | { kind: 'responsibilities'; responsibilities: ReadonlyArray<ArrayLike<number>> }
  /** Parameters as sklearn's weights_init / means_init, with covariances (d × d row-major, or d variances for diag). */
  | { kind: 'parameters'; weights: ArrayLike<number>; means: ReadonlyArray<ArrayLike<number>>; covariances: ReadonlyArray<ArrayLike<number>> };

export interface GaussianMixtureOptions {
  components: number;
  init: MixtureInit;
  /** sklearn default 'full'. */
  covariance?: CovarianceType;
  /** Added to covariance diagonals (sklearn: 1e-6). */
  regCovar?: number;
  /** Convergence threshold on the change of the mean log-likelihood (sklearn: 1e-3). */
  tol?: number;
  /** EM iteration cap (sklearn: 100). */
  maxIter?: number;
}

export interface GaussianMixtureFit {
  parameters: MixtureParameters;
  /** N × K posteriors p(component | xᵢ) under the final parameters, row-major. */
  posteriors: Float64Array;
  iterations: number;
  converged: boolean;
  /** Mean log-likelihood at the last E-step of the loop. */
  lowerBound: number;
}

export function fitGaussianMixture(X: DenseMatrix, options: GaussianMixtureOptions): GaussianMixtureFit {
  const { components: K, covariance = 'full', regCovar = 1e-6, tol = 1e-3, maxIter = 100 } = options;
  if (!Number.isInteger(K) || K < 1) throw new RangeError(`Gaussian mixture: components must be a positive integer (got ${K})`);
  if (K > X.rows) throw new RangeError(`Gaussian mixture: ${K} components need at least ${K} samples (got ${X.rows})`);
  let parameters = initialParameters(X, options.init, K, covariance, regCovar);
  let lowerBound = Number.NEGATIVE_INFINITY;
  let converged = false;
  let iterations = 0;
  while (iterations < maxIter) {
    iterations += 1;
    const previous = lowerBound;
    const expectation = expectationStep(X, parameters);
    parameters = estimateParameters(X, expectation.posteriors, K, covariance, regCovar);
    lowerBound = expectation.meanLogLikelihood;
    if (Math.abs(lowerBound - previous) < tol) {
      converged = true;
      break;
    }
  }
  return { parameters, posteriors: expectationStep(X, parameters).posteriors, iterations, converged, lowerBound };
}

/** Posteriors and the mean log-likelihood (log-sum-exp over components) under the given parameters. */
export function expectationStep(X: DenseMatrix, parameters: MixtureParameters): { posteriors: Float64Array; meanLogLikelihood: number } {
  const K = parameters.components;
  const posteriors = weightedLogDensities(X, parameters);
  let total = 0;
  for (let i = 0; i < X.rows; i++) {
    const start = i * K;
    let largest = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < K; k++) if (posteriors[start + k] > largest) largest = posteriors[start + k];
    let sum = 0;
    for (let k = 0; k < K; k++) sum += Math.exp(posteriors[start + k] - largest);
    const logNorm = largest + Math.log(sum);
    total += logNorm;
    for (let k = 0; k < K; k++) posteriors[start + k] = Math.exp(posteriors[start + k] - logNorm);
  }
  return { posteriors, meanLogLikelihood: total / X.rows };
}

function initialParameters(X: DenseMatrix, init: MixtureInit, K: number, covariance: CovarianceType, regCovar: number): MixtureParameters {
  const n = X.rows;
  const d = X.cols;
  if (init.kind === 'parameters') return givenParameters(init, K, d, covariance);
  const responsibilities = new Float64Array(n * K);
  if (init.kind === 'kmeans') {
    const labels = kMeansLabels(X, { clusters: K, rng: init.rng });
    for (let i = 0; i < n; i++) responsibilities[i * K + labels[i]] = 1;
  } else {
    if (init.responsibilities.length !== n) throw new RangeError(`Gaussian mixture: ${init.responsibilities.length} responsibility rows for ${n} samples`);
    init.responsibilities.forEach((row, i) => {
      if (row.length !== K) throw new RangeError(`Gaussian mixture: responsibility row ${i} has ${row.length} entries, expected ${K}`);
      for (let k = 0; k < K; k++) responsibilities[i * K + k] = row[k];
    });
  }
  return estimateParameters(X, responsibilities, K, covariance, regCovar);
}

function givenParameters(init: Extract<MixtureInit, { kind: 'parameters' }>, K: number, d: number, covariance: CovarianceType): MixtureParameters {
  const stride = covariance === 'full' ? d * d : d;
  if (init.weights.length !== K || init.means.length !== K || init.covariances.length !== K) {
    throw new RangeError(`Gaussian mixture: initial weights, means and covariances must each have ${K} entries`);
  }
  const means = new Float64Array(K * d);
  const covariances = new Float64Array(K * stride);
  for (let k = 0; k < K; k++) {
    if (init.means[k].length !== d) throw new RangeError(`Gaussian mixture: initial mean ${k} has ${init.means[k].length} entries, expected ${d}`);
    if (init.covariances[k].length !== stride) throw new RangeError(`Gaussian mixture: initial covariance ${k} has ${init.covariances[k].length} entries, expected ${stride}`);
    means.set(Array.from(init.means[k]), k * d);
    covariances.set(Array.from(init.covariances[k]), k * stride);
  }
  return { covariance, components: K, dims: d, weights: Float64Array.from(init.weights), means, covariances };
}
