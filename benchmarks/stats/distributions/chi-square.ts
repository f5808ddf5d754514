// Upper tail of the χ² distribution, for the Friedman test: P(X ≥ x) = Q(k/2, x/2).
import { regularizedGammaQ } from './incomplete-gamma.ts';

export function chiSquareSf(x: number, degreesOfFreedom: number): number {
  if (!(degreesOfFreedom > 0)) throw new RangeError(`χ² needs degrees of freedom > 0 (got ${degreesOfFreedom})`);
  if (x <= 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  return regularizedGammaQ(degreesOfFreedom / 2, x / 2);
}
