// Class sizes for a synthetic KL cohort: clinical prevalence (OAI baseline knees, approximately) with a floor
// per class so even a small cohort can be stratified into folds, apportioned by largest remainders.

/** Approximate KL 0..4 prevalence of OAI baseline knees. */
export const OAI_KL_PREVALENCE: readonly number[] = [0.39, 0.18, 0.26, 0.13, 0.04];

/** Default minimum patients per class (enough for 5-fold patient-grouped stratification). */
export const MIN_PATIENTS_PER_CLASS = 5;

/** Hamilton (largest remainder) apportionment of `total` among `weights`. */
function largestRemainder(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const counts = exact.map(Math.floor);
  const order = exact.map((e, k) => [e - Math.floor(e), k] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  let left = total - counts.reduce((a, b) => a + b, 0);
  for (const [, k] of order) {
    if (left-- <= 0) break;
    counts[k]++;
  }
  return counts;
}

/**
 * Patients per class summing to `total`: classes whose share falls below the floor get the floor, the rest
 * share what remains in proportion to prevalence. The floor shrinks to ⌊total / classes⌋ for tiny cohorts.
 */
export function allocateClassCounts(
  total: number, prevalence: readonly number[] = OAI_KL_PREVALENCE, floor = MIN_PATIENTS_PER_CLASS,
): number[] {
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`total must be a non-negative integer (got ${total})`);
  const k = prevalence.length;
  const minimum = Math.min(floor, Math.floor(total / k));
  const floored = new Array<boolean>(k).fill(false);
  for (;;) {
    const free = prevalence.map((p, c) => (floored[c] ? 0 : p));
    const freeTotal = total - minimum * floored.filter(Boolean).length;
    const counts = largestRemainder(freeTotal, free).map((n, c) => (floored[c] ? minimum : n));
    const below = counts.findIndex((n, c) => !floored[c] && n < minimum);
    if (below < 0) return counts;
    floored[below] = true;
  }
}
