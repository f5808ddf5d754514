// N-LEEP (Li et al., CVPR 2021 "Ranking neural checkpoints"; as in google-research stable_transfer and the SFDA/PED
// repos): PCA keeping 80 % of the variance, a Gaussian mixture with 5·C components (sklearn's default full covariance,
// k-means initialisation), and LEEP over the mixture posteriors. The log is kept as in the paper (the SFDA repo drops it).
// The k-means start is seeded here, not sklearn's random_state, so a seed gives a different (equally valid) local optimum
// than sklearn would; given the same start, EM agrees with sklearn's to 1e-6 (tests/…/nleep.test.ts). Cost grows as
// K·N·d² per EM iteration in the PCA dimension d (≈ 0.17 s per iteration at N = 2000, K = 25, d = 50).
import { Rng } from '../rng.ts';
import type { FeatureMatrix } from '../probe/standardize.ts';
import type { DenseMatrix } from './dense.ts';
import { checkEstimatorInput } from './estimator-input.ts';
import { fitGaussianMixture, type MixtureInit } from './gaussian-mixture.ts';
import { logExpectedEmpiricalPrediction } from './leep.ts';
import type { CovarianceType } from './mixture-steps.ts';
import { principalComponents } from './pca.ts';

export interface NleepOptions {
  /** Seeds the k-means initialisation (default 0). */
  seed?: number;
  /** Mixture components per class (default 5). */
  componentsPerClass?: number;
  /** Fraction of variance the PCA keeps (default 0.8). */
  varianceKept?: number;
  /** Default 'full', as sklearn's GaussianMixture that every reference implementation calls. */
  covariance?: CovarianceType;
  regCovar?: number;
  tol?: number;
  maxIter?: number;
  /** Explicit initialisation in the PCA space (replaces k-means); responsibilities are N × (componentsPerClass · C). */
  init?: Exclude<MixtureInit, { kind: 'kmeans' }>;
}

export interface NleepResult {
  score: number;
  /** Dimensions the PCA kept. */
  pcaDims: number;
  components: number;
  iterations: number;
  converged: boolean;
}

export function nleepScore(features: FeatureMatrix, labels: readonly number[], options: NleepOptions = {}): number {
  return nleepDetails(features, labels, options).score;
}

export function nleepDetails(features: FeatureMatrix, labels: readonly number[], options: NleepOptions = {}): NleepResult {
  const input = checkEstimatorInput('NLEEP', features, labels);
  return nleepOfMatrix(input.X, input.labels, input.numClasses, options);
}

export function nleepOfMatrix(X: DenseMatrix, labels: Int32Array, numClasses: number, options: NleepOptions = {}): NleepResult {
  const { seed = 0, componentsPerClass = 5, varianceKept = 0.8, covariance = 'full', regCovar, tol, maxIter } = options;
  if (!Number.isInteger(componentsPerClass) || componentsPerClass < 1) {
    throw new RangeError(`NLEEP: componentsPerClass must be a positive integer (got ${componentsPerClass})`);
  }
  const components = componentsPerClass * numClasses;
  if (components > X.rows) {
    throw new RangeError(`NLEEP: ${components} mixture components (${componentsPerClass} × ${numClasses} classes) need at least as many samples (got ${X.rows})`);
  }
  const reduced = principalComponents(X, { varianceKept }).scores;
  const init = options.init ?? { kind: 'kmeans', rng: new Rng(seed).fork('nleep-kmeans') };
  const fit = fitGaussianMixture(reduced, { components, init, covariance, regCovar, tol, maxIter });
  const score = logExpectedEmpiricalPrediction(fit.posteriors, components, labels, numClasses);
  return { score, pcaDims: reduced.cols, components, iterations: fit.iterations, converged: fit.converged };
}
