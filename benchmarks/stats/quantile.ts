// Sample quantile with linear interpolation between order statistics (Hyndman & Fan type 7), the default of
// numpy.percentile and therefore of scipy.stats.bootstrap's percentile interval.

/** q-quantile (q in [0, 1]) of the values; the input is not modified. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError('quantile of an empty list');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile level must be in [0, 1] (got ${q})`);
  const sorted = Float64Array.from(values).sort();
  return sortedQuantile(sorted, q);
}

/** Same as `quantile` for values already sorted ascending. */
export function sortedQuantile(sorted: ArrayLike<number>, q: number): number {
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const fraction = position - below;
  return sorted[below] + fraction * (sorted[above] - sorted[below]);
}
