// Feature standardisation fitted on the training rows only, as sklearn's StandardScaler (population sd, and a
// constant feature keeps scale 1 so it maps to 0 instead of dividing by zero).

/** Rows of N × D features; plain arrays or Float64Array rows. */
export type FeatureMatrix = ReadonlyArray<ArrayLike<number>>;

export interface Standardizer {
  mean: number[];
  scale: number[];
}

export function fitStandardizer(X: FeatureMatrix): Standardizer {
  const numFeatures = X[0].length;
  const mean = new Array<number>(numFeatures).fill(0);
  const scale = new Array<number>(numFeatures).fill(0);
  for (const row of X) for (let d = 0; d < numFeatures; d++) mean[d] += row[d];
  for (let d = 0; d < numFeatures; d++) mean[d] /= X.length;
  for (const row of X) for (let d = 0; d < numFeatures; d++) scale[d] += (row[d] - mean[d]) ** 2;
  for (let d = 0; d < numFeatures; d++) {
    const sd = Math.sqrt(scale[d] / X.length);
    // Relative threshold: a constant column's two-pass sd is rounding noise proportional to its magnitude.
    scale[d] = sd <= 1e-12 * Math.max(1, Math.abs(mean[d])) ? 1 : sd;
  }
  return { mean, scale };
}

/** Row-major N × D Float64Array of (x − mean) / scale. */
export function standardizeRows(X: FeatureMatrix, standardizer: Standardizer): Float64Array {
  const numFeatures = standardizer.mean.length;
  const out = new Float64Array(X.length * numFeatures);
  X.forEach((row, i) => {
    if (row.length !== numFeatures) throw new RangeError(`row ${i} has ${row.length} features, expected ${numFeatures}`);
    for (let d = 0; d < numFeatures; d++) out[i * numFeatures + d] = (row[d] - standardizer.mean[d]) / standardizer.scale[d];
  });
  return out;
}
