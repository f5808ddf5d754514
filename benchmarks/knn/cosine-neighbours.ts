// Cosine nearest neighbours as in DINO's eval_knn (facebookresearch/dino, eval_knn.py): rows are L2-normalised
// (torch F.normalize: a zero row stays zero) and similarity is their dot product, searched by brute force.
import type { FeatureMatrix } from '../probe/standardize.ts';

export interface Neighbour {
  /** Row index in the reference set. */
  index: number;
  /** Cosine similarity in [−1, 1]. */
  similarity: number;
}

/** Each row divided by its L2 norm (norms below 1e-12 are clamped, as F.normalize's eps). */
export function l2NormalizeRows(X: FeatureMatrix): Float64Array[] {
  return X.map((row) => {
    let sq = 0;
    for (let d = 0; d < row.length; d++) sq += row[d] * row[d];
    const norm = Math.max(Math.sqrt(sq), 1e-12);
    return Float64Array.from(row, (value) => value / norm);
  });
}

/**
 * The k reference rows most similar to `query`, most similar first; all rows already normalised. Equal
 * similarities keep the lower reference index first, so a tie at the k-th place is broken deterministically
 * (torch.topk leaves it unspecified).
 */
export function nearestByCosine(query: ArrayLike<number>, reference: readonly ArrayLike<number>[], k: number): Neighbour[] {
  const similarities = reference.map((row, index) => {
    if (row.length !== query.length) throw new RangeError(`reference row ${index} has ${row.length} features, the query ${query.length}`);
    let dot = 0;
    for (let d = 0; d < query.length; d++) dot += query[d] * row[d];
    return { index, similarity: dot };
  });
  similarities.sort((a, b) => b.similarity - a.similarity || a.index - b.index);
  return similarities.slice(0, k);
}
