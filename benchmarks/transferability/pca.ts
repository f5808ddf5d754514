// Principal component scores as sklearn.decomposition.PCA(svd_solver='full') computes them, from the eigenvectors of
// the smaller Gram matrix of the centred features; a component's sign follows sklearn's u-based svd_flip (the version the NLEEP/PARC authors ran).
import { columnMeans, gramMatrix, subtractRows, symmetricEigen, transposed, type DenseMatrix } from './dense.ts';

/** How many components to keep: a fixed number, or the fewest whose explained variance exceeds a fraction. */
export type ComponentChoice = { components: number } | { varianceKept: number };

export interface PrincipalComponents {
  /** N × k scores (centred features projected on the components). */
  scores: DenseMatrix;
  /** Variance (N − 1 denominator) along each kept component, largest first. */
  explainedVariance: Float64Array;
  /** Fraction of the total variance each kept component explains. */
  explainedVarianceRatio: Float64Array;
}

export function principalComponents(X: DenseMatrix, choice: ComponentChoice): PrincipalComponents {
  const { rows: n, cols: d } = X;
  const means = columnMeans(X);
  const centred = subtractRows(X, () => means);
  // The smaller Gram matrix: XcᵀXc (D × D) gives the loadings, XcXcᵀ (N × N) the score directions directly.
  const fromRows = n < d;
  const size = fromRows ? n : d;
  const { values, vectors } = symmetricEigen(fromRows ? gramMatrix({ rows: d, cols: n, data: transposed(centred) }) : gramMatrix(centred), size);
  // At most min(N, D) components carry variance (sklearn's full SVD returns that many); clamp rounding negatives.
  const variances = Float64Array.from(values.subarray(0, Math.min(n, d)), (v) => Math.max(v, 0) / (n - 1));
  const total = variances.reduce((sum, v) => sum + v, 0);
  const ratios = variances.map((v) => v / total);
  const k = componentCount(choice, ratios);
  const scores = fromRows ? scoresFromRowGram(vectors, values, n, k) : scoresFromLoadings(centred, vectors, k);
  flipSigns(scores, n, k);
  return { scores: { rows: n, cols: k, data: scores }, explainedVariance: variances.slice(0, k), explainedVarianceRatio: ratios.slice(0, k) };
}

/** Xc·vₖ for the k leading eigenvectors of XcᵀXc (copied to contiguous rows first). */
function scoresFromLoadings(centred: DenseMatrix, vectors: Float64Array, k: number): Float64Array {
  const { rows: n, cols: d } = centred;
  const components = new Float64Array(k * d);
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) components[c * d + j] = vectors[j * d + c];
  const scores = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      let sum = 0;
      for (let j = 0; j < d; j++) sum += centred.data[i * d + j] * components[c * d + j];
      scores[i * k + c] = sum;
    }
  }
  return scores;
}

/** uₖ·√λₖ for the k leading eigenpairs of XcXcᵀ (Xc = U S Vᵀ, so the scores Xc V are U S). */
function scoresFromRowGram(vectors: Float64Array, values: Float64Array, n: number, k: number): Float64Array {
  const scores = new Float64Array(n * k);
  for (let c = 0; c < k; c++) {
    const singular = Math.sqrt(Math.max(values[c], 0));
    for (let i = 0; i < n; i++) scores[i * k + c] = vectors[i * n + c] * singular;
  }
  return scores;
}

function componentCount(choice: ComponentChoice, ratios: Float64Array): number {
  if ('components' in choice) {
    if (!Number.isInteger(choice.components) || choice.components < 1) {
      throw new RangeError(`PCA components must be a positive integer (got ${choice.components})`);
    }
    return Math.min(choice.components, ratios.length);
  }
  const fraction = choice.varianceKept;
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`PCA varianceKept must lie in (0, 1) (got ${fraction})`);
  // sklearn: searchsorted(cumsum, fraction, side='right') + 1, i.e. one more than the prefixes not above the fraction.
  let cumulative = 0;
  let notAbove = 0;
  for (const ratio of ratios) {
    cumulative += ratio;
    if (cumulative <= fraction) notAbove += 1;
    else break;
  }
  return Math.min(notAbove + 1, ratios.length);
}

/** u-based svd_flip: the score of largest magnitude in each component is made positive (first one on ties). */
function flipSigns(scores: Float64Array, n: number, k: number): void {
  for (let c = 0; c < k; c++) {
    let largest = -1;
    let sign = 1;
    for (let i = 0; i < n; i++) {
      const value = scores[i * k + c];
      if (Math.abs(value) > largest) {
        largest = Math.abs(value);
        sign = value < 0 ? -1 : 1;
      }
    }
    if (sign < 0) for (let i = 0; i < n; i++) scores[i * k + c] = -scores[i * k + c];
  }
}
