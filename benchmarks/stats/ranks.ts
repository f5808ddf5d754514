// Mid-ranks (average ranks of ties, 1-based), as scipy.stats.rankdata(method='average'), with the sizes of the
// tie groups that the rank tests' variance corrections need (Σ t³ − t).

export interface RankedValues {
  /** ranks[i] is the mid-rank of values[i]. */
  ranks: Float64Array;
  /** Size of every group of equal values that has more than one member. */
  tieSizes: number[];
}

export function midranks(values: ArrayLike<number>): RankedValues {
  const n = values.length;
  const order = sortedOrder(values);
  const ranks = new Float64Array(n);
  const tieSizes: number[] = [];
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end += 1;
    // Positions start..end-1 hold ranks start+1..end, whose mean is (start + 1 + end) / 2.
    const rank = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) ranks[order[i]] = rank;
    if (end - start > 1) tieSizes.push(end - start);
    start = end;
  }
  return { ranks, tieSizes };
}

/** Σ (t³ − t) over tie groups: the tie term in the variance of rank sums. */
export function tieCubeSum(tieSizes: readonly number[]): number {
  let sum = 0;
  for (const t of tieSizes) sum += t * t * t - t;
  return sum;
}

/** Indices that sort the values ascending (stable). */
export function sortedOrder(values: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(values.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => values[a] - values[b] || a - b);
}
