// Student's t distribution through the incomplete beta: P(|T| ≥ t) = I_{ν/(ν+t²)}(ν/2, 1/2). The quantile is
// found by Newton steps from the normal quantile (Cornish–Fisher corrected), then safeguarded by bisection.
import { regularizedIncompleteBeta } from './incomplete-beta.ts';
import { logGamma } from './log-gamma.ts';
import { normalQuantile } from './normal.ts';

/** P(T > t). */
export function studentTSf(t: number, degreesOfFreedom: number): number {
  checkDf(degreesOfFreedom);
  if (Number.isNaN(t)) throw new RangeError('studentTSf of NaN');
  if (t === Number.POSITIVE_INFINITY) return 0;
  if (t === Number.NEGATIVE_INFINITY) return 1;
  const tail = 0.5 * regularizedIncompleteBeta(degreesOfFreedom / (degreesOfFreedom + t * t), degreesOfFreedom / 2, 0.5);
  return t >= 0 ? tail : 1 - tail;
}

/** P(T ≤ t). */
export function studentTCdf(t: number, degreesOfFreedom: number): number {
  return studentTSf(-t, degreesOfFreedom);
}

/** P(|T| ≥ |t|), computed directly so that small two-sided p-values keep their precision. */
export function studentTTwoSidedP(t: number, degreesOfFreedom: number): number {
  checkDf(degreesOfFreedom);
  if (!Number.isFinite(t)) return 0;
  return regularizedIncompleteBeta(degreesOfFreedom / (degreesOfFreedom + t * t), degreesOfFreedom / 2, 0.5);
}

export function studentTPdf(t: number, degreesOfFreedom: number): number {
  const v = degreesOfFreedom;
  const logDensity =
    logGamma((v + 1) / 2) - logGamma(v / 2) - 0.5 * Math.log(v * Math.PI) - ((v + 1) / 2) * Math.log1p((t * t) / v);
  return Math.exp(logDensity);
}

/** t such that P(T ≤ t) = p. */
export function studentTQuantile(p: number, degreesOfFreedom: number): number {
  checkDf(degreesOfFreedom);
  if (!(p > 0 && p < 1)) throw new RangeError(`t quantile needs p in (0, 1) (got ${p})`);
  if (p === 0.5) return 0;
  if (p > 0.5) return -studentTQuantile(1 - p, degreesOfFreedom);
  let low = -1e300;
  let high = 0;
  let t = startingPoint(p, degreesOfFreedom);
  for (let i = 0; i < 200; i++) {
    const excess = studentTCdf(t, degreesOfFreedom) - p;
    if (excess > 0) high = Math.min(high, t);
    else low = Math.max(low, t);
    let next = t - excess / studentTPdf(t, degreesOfFreedom);
    // Newton can overshoot in heavy tails (small ν); fall back to bisection inside the bracket.
    if (!(next > low && next < high)) next = low < -1e299 ? 2 * Math.min(t, -1) : (low + high) / 2;
    if (Math.abs(next - t) <= 1e-15 * Math.max(1, Math.abs(t))) return next;
    t = next;
  }
  return t;
}

function startingPoint(p: number, v: number): number {
  const z = normalQuantile(p);
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  return z + g1 / v + g2 / (v * v);
}

function checkDf(degreesOfFreedom: number): void {
  if (!(degreesOfFreedom > 0)) throw new RangeError(`t distribution needs degrees of freedom > 0 (got ${degreesOfFreedom})`);
}
