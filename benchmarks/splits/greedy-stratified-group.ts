// Greedy stratified assignment of mixed-label groups to folds, as scikit-learn's StratifiedGroupKFold
// (sklearn/model_selection/_split.py): groups by descending std of their label counts, each to the fold that
// minimises the mean over classes of the std across folds of per-fold class shares; near-ties go to the smaller fold.

/**
 * Fold of each group. `labelCounts[g][c]` = samples of class c in group g; `visitOrder` is the order groups
 * are considered before the stable sort by spread (sklearn: sorted group ids, or a shuffle of them).
 */
export function assignGroupsGreedily(labelCounts: readonly number[][], k: number, visitOrder: readonly number[]): number[] {
  const numClasses = labelCounts[0]?.length ?? 0;
  const classTotals = new Array<number>(numClasses).fill(0);
  for (const counts of labelCounts) counts.forEach((count, c) => (classTotals[c] += count));
  const presentClasses = classTotals.map((_, c) => c).filter((c) => classTotals[c] > 0);
  // Spread over the classes that occur, as sklearn's y_counts_per_group only has columns for np.unique(y).
  const spread = labelCounts.map((counts) => populationSd(presentClasses.map((c) => counts[c])));
  const order = visitOrder.slice().sort((a, b) => spread[b] - spread[a]);
  const countsInFold = Array.from({ length: k }, () => new Array<number>(numClasses).fill(0));
  const foldOfGroup = new Array<number>(labelCounts.length).fill(-1);
  for (const g of order) {
    const groupCounts = labelCounts[g];
    let bestFold = -1;
    let bestEval = Number.POSITIVE_INFINITY;
    let bestSamples = Number.POSITIVE_INFINITY;
    for (let f = 0; f < k; f++) {
      const evaluation = meanShareSpread(countsInFold, f, groupCounts, classTotals, presentClasses);
      const samples = countsInFold[f].reduce((sum, count) => sum + count, 0);
      // Same precedence as sklearn: `eval < best or (isclose(eval, best) and samples < best_samples)`.
      if (evaluation < bestEval || (isClose(evaluation, bestEval) && samples < bestSamples)) {
        bestFold = f;
        bestEval = evaluation;
        bestSamples = samples;
      }
    }
    foldOfGroup[g] = bestFold;
    groupCounts.forEach((count, c) => (countsInFold[bestFold][c] += count));
  }
  return foldOfGroup;
}

/** Mean over classes of the std across folds of each fold's share of the class, had the group joined fold f. */
function meanShareSpread(
  countsInFold: readonly number[][],
  f: number,
  groupCounts: readonly number[],
  classTotals: readonly number[],
  presentClasses: readonly number[],
): number {
  let total = 0;
  for (const c of presentClasses) {
    const shares = countsInFold.map((counts, fold) => (counts[c] + (fold === f ? groupCounts[c] : 0)) / classTotals[c]);
    total += populationSd(shares);
  }
  return total / presentClasses.length;
}

/** Standard deviation with denominator n, numpy's default. */
function populationSd(values: readonly number[]): number {
  const centre = values.reduce((sum, value) => sum + value, 0) / values.length;
  return Math.sqrt(values.reduce((sum, value) => sum + (value - centre) ** 2, 0) / values.length);
}

/** numpy.isclose with its default tolerances (rtol 1e-5, atol 1e-8). */
function isClose(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b);
}
