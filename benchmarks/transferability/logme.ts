// LogME (You et al., ICML 2021; code thuml/LogME, its default `_fit_fixed_point`): per class, the log marginal
// evidence of a Bayesian linear model from features to the one-vs-rest target, maximised over the prior precision α
// and noise precision β by the fixed-point iteration, divided by N; the score is the mean over classes.
// Spectrum from the eigendecomposition of FᵀF (FFᵀ when N < D) in float64. Deviation: directions of zero eigenvalue
// (rank F < D, e.g. N ≤ D) keep their log α term, the exact evidence of the ICML formulation; the reference's SVD
// path drops it.
import type { FeatureMatrix } from '../probe/standardize.ts';
import { gramMatrix, symmetricEigen, transposed, type DenseMatrix } from './dense.ts';
import { checkEstimatorInput } from './estimator-input.ts';

/** Eigenvalues of FᵀF below this fraction of the largest are treated as exact zeros (rounding noise of the EVD). */
const RANK_TOLERANCE = 1e-10;
/** As the reference: at most 11 updates, stopping when α/β changes by ≤ 0.1 %. */
const MAX_UPDATES = 11;
const RELATIVE_CHANGE_TOLERANCE = 1e-3;
/** The reference's ε in the denominators of the α and β updates. */
const EPSILON = 1e-5;

export function logmeScore(features: FeatureMatrix, labels: readonly number[]): number {
  const input = checkEstimatorInput('LogME', features, labels);
  return logmeOfMatrix(input.X, input.labels, input.numClasses);
}

/** LogME of already-checked features and compact labels (also PED's default base estimator). */
export function logmeOfMatrix(X: DenseMatrix, labels: Int32Array, numClasses: number): number {
  const { rows: n, cols: d } = X;
  const spectrum = featureSpectrum(X);
  let total = 0;
  for (let c = 0; c < numClasses; c++) {
    const target = Float64Array.from(labels, (label) => (label === c ? 1 : 0));
    total += classEvidence(target, spectrum, n, d);
  }
  return total / numClasses;
}

/** Nonzero eigenvalues σᵢ of FᵀF and the squared coordinates xᵢ² = (uᵢᵀy)² of a target on the left singular vectors. */
interface FeatureSpectrum {
  sigma: Float64Array;
  squaredProjections: (y: Float64Array) => Float64Array;
  /** How many of the D eigenvalues of FᵀF are zero. */
  nullity: number;
}

/** From whichever Gram matrix is smaller: FᵀF (D × D) when N ≥ D, else FFᵀ (N × N), whose eigenvectors are the uᵢ. */
function featureSpectrum(X: DenseMatrix): FeatureSpectrum {
  const { rows: n, cols: d } = X;
  const fromRows = n < d;
  const size = fromRows ? n : d;
  const { values, vectors } = symmetricEigen(fromRows ? gramMatrix({ rows: d, cols: n, data: transposed(X) }) : gramMatrix(X), size);
  const threshold = RANK_TOLERANCE * Math.max(values[0], 0);
  let k = 0;
  while (k < size && values[k] > threshold) k += 1;
  // Row i: uᵢ (N-vector) from FFᵀ, or vᵢ / √σᵢ (D-vector) from FᵀF, where uᵢᵀy = vᵢᵀ(Fᵀy) / √σᵢ.
  const basis = new Float64Array(k * size);
  for (let i = 0; i < k; i++) {
    const scale = fromRows ? 1 : 1 / Math.sqrt(values[i]);
    for (let r = 0; r < size; r++) basis[i * size + r] = vectors[r * size + i] * scale;
  }
  const squaredProjections = (y: Float64Array): Float64Array => {
    const target = fromRows ? y : transposedProduct(X, y);
    const x2 = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      let projection = 0;
      for (let r = 0; r < size; r++) projection += basis[i * size + r] * target[r];
      x2[i] = projection * projection;
    }
    return x2;
  };
  return { sigma: values.slice(0, k), squaredProjections, nullity: d - k };
}

/** Fᵀy. */
function transposedProduct(X: DenseMatrix, y: Float64Array): Float64Array {
  const d = X.cols;
  const out = new Float64Array(d);
  for (let r = 0; r < X.rows; r++) {
    if (y[r] === 0) continue;
    for (let j = 0; j < d; j++) out[j] += y[r] * X.data[r * d + j];
  }
  return out;
}

/** Maximum log evidence / N of one target column (the reference's fixed-point loop, update for update). */
function classEvidence(y: Float64Array, spectrum: FeatureSpectrum, n: number, d: number): number {
  const { sigma, nullity } = spectrum;
  const k = sigma.length;
  // The part of ‖y‖² outside F's column space is what the k coordinates do not explain.
  const x2 = spectrum.squaredProjections(y);
  let yy = 0;
  for (let r = 0; r < n; r++) yy += y[r] * y[r];
  let explained = 0;
  for (let i = 0; i < k; i++) explained += x2[i];
  const residualOutside = yy - explained;
  let alpha = 1;
  let beta = 1;
  let m2 = 0;
  let res2 = 0;
  for (let update = 0; update < MAX_UPDATES; update++) {
    const t = alpha / beta;
    let gamma = 0;
    m2 = 0;
    res2 = residualOutside;
    for (let i = 0; i < k; i++) {
      gamma += sigma[i] / (sigma[i] + t);
      m2 += (sigma[i] * x2[i]) / (t + sigma[i]) ** 2;
      res2 += x2[i] / (1 + sigma[i] / t) ** 2;
    }
    alpha = gamma / (m2 + EPSILON);
    beta = (n - gamma) / (res2 + EPSILON);
    if (Math.abs(alpha / beta - t) / t <= RELATIVE_CHANGE_TOLERANCE) break;
  }
  // As the reference, the evidence pairs the last α, β with the m², residual computed before that update.
  let logDet = nullity * Math.log(alpha);
  for (let i = 0; i < k; i++) logDet += Math.log(alpha + beta * sigma[i]);
  const evidence =
    (d / 2) * Math.log(alpha) +
    (n / 2) * Math.log(beta) -
    0.5 * logDet -
    (beta / 2) * res2 -
    (alpha / 2) * m2 -
    (n / 2) * Math.log(2 * Math.PI);
  return evidence / n;
}
