// Spearman correlation between a per-pair distance and a two-level label distance (same class < different class),
// as scipy.stats.spearmanr on PARC's two upper triangles: mid-ranks of the distances, found by sorting each group
// natively and merging, so N(N−1)/2 pairs need no index sort.

/** Spearman ρ of (distances, label distance) where the label distance is low for `sameClass` pairs, high for the rest. */
export function spearmanAgainstTwoLevels(sameClass: Float64Array, differentClass: Float64Array): number {
  const same = Float64Array.from(sameClass).sort();
  const different = Float64Array.from(differentClass).sort();
  const ms = same.length;
  const md = different.length;
  const m = ms + md;
  if (ms === 0 || md === 0) {
    throw new RangeError(`rank correlation: the label distance is constant (${ms} same-class and ${md} different-class pairs)`);
  }
  const meanRank = (m + 1) / 2;
  let sameRankDeviation = 0;
  let rankSquares = 0;
  let a = 0;
  let b = 0;
  let position = 0;
  while (a < ms || b < md) {
    const value = Math.min(a < ms ? same[a] : Number.POSITIVE_INFINITY, b < md ? different[b] : Number.POSITIVE_INFINITY);
    let inSame = 0;
    while (a < ms && same[a] === value) {
      a += 1;
      inSame += 1;
    }
    let inDifferent = 0;
    while (b < md && different[b] === value) {
      b += 1;
      inDifferent += 1;
    }
    const tied = inSame + inDifferent;
    const deviation = position + (tied + 1) / 2 - meanRank;
    sameRankDeviation += inSame * deviation;
    rankSquares += tied * deviation * deviation;
    position += tied;
  }
  if (!(rankSquares > 0)) throw new RangeError('rank correlation: every pair distance is tied');
  // Label mid-ranks: (ms + 1)/2 for same-class pairs, ms + (md + 1)/2 for the others; Σ deviations of all ranks is 0.
  const sameLabelDeviation = (ms + 1) / 2 - meanRank;
  const differentLabelDeviation = ms + (md + 1) / 2 - meanRank;
  const covariance = sameRankDeviation * sameLabelDeviation - sameRankDeviation * differentLabelDeviation;
  const labelSquares = ms * sameLabelDeviation ** 2 + md * differentLabelDeviation ** 2;
  return covariance / Math.sqrt(rankSquares * labelSquares);
}
