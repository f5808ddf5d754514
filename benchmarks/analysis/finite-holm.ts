// Holm's adjusted p-values (Holm 1979) over the tests that are defined: an undefined test (p = NaN) is neither
// counted in the family nor adjusted, so it can never make another test look significant or not.
import { holmCorrection } from '../stats/multiple-testing.ts';

export function holmOverDefined(pValues: readonly number[], alpha = 0.05): { adjustedPValues: number[]; reject: boolean[] } {
  const defined = pValues.flatMap((p, i) => (Number.isFinite(p) ? [i] : []));
  const adjustedPValues = pValues.map(() => Number.NaN);
  const reject = pValues.map(() => false);
  if (defined.length === 0) return { adjustedPValues, reject };
  const holm = holmCorrection(defined.map((i) => pValues[i]), alpha);
  defined.forEach((i, k) => {
    adjustedPValues[i] = holm.adjustedPValues[k];
    reject[i] = holm.reject[k];
  });
  return { adjustedPValues, reject };
}
