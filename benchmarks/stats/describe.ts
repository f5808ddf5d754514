// Descriptive summaries of repeated runs (mean, sample sd, all values), reported as eva does for n_runs repeats.

export interface Summary {
  mean: number;
  /** Sample standard deviation (n − 1 denominator); NaN when n < 2, as numpy's std(ddof=1). */
  sd: number;
  n: number;
  values: number[];
}

export function mean(values: readonly number[]): number {
  checkNonEmpty(values);
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Sample standard deviation with Bessel's correction; NaN for a single value (undefined, not zero spread). */
export function sampleSd(values: readonly number[]): number {
  checkNonEmpty(values);
  if (values.length < 2) return Number.NaN;
  const centre = mean(values);
  let squares = 0;
  for (const value of values) squares += (value - centre) * (value - centre);
  return Math.sqrt(squares / (values.length - 1));
}

export function summarize(values: readonly number[]): Summary {
  return { mean: mean(values), sd: sampleSd(values), n: values.length, values: values.slice() };
}

function checkNonEmpty(values: readonly number[]): void {
  if (values.length === 0) throw new RangeError('cannot summarise an empty list of values');
}
