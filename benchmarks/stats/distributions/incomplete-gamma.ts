// Regularised incomplete gamma P(a, x) and Q(a, x) = 1 − P: series below x = a + 1, Lentz continued fraction
// above (Numerical Recipes 3rd ed. §6.2), to a relative step of 1e-15. jstat fixes the number of terms instead.
import { logGamma } from './log-gamma.ts';

const TINY = 1e-300;
const STEP_TOLERANCE = 1e-15;
const MAX_ITERATIONS = 100_000;

export function regularizedGammaP(a: number, x: number): number {
  checkArgs(a, x);
  if (x === 0) return 0;
  return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
}

export function regularizedGammaQ(a: number, x: number): number {
  checkArgs(a, x);
  if (x === 0) return 1;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
}

function gammaSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n <= MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * STEP_TOLERANCE) {
      return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
    }
  }
  throw new Error(`incomplete gamma series did not converge (a=${a}, x=${x})`);
}

function gammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < STEP_TOLERANCE) return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
  }
  throw new Error(`incomplete gamma continued fraction did not converge (a=${a}, x=${x})`);
}

function checkArgs(a: number, x: number): void {
  if (!(a > 0)) throw new RangeError(`incomplete gamma needs a > 0 (got ${a})`);
  if (!(x >= 0)) throw new RangeError(`incomplete gamma needs x ≥ 0 (got ${x})`);
}
