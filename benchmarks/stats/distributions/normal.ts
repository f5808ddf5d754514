// Standard normal distribution. erfc by the Chebyshev expansion of Numerical Recipes 3rd ed. §6.2.2 (erfccheb,
// relative error ≈ 1e-16, so tails keep their relative precision); the quantile starts from Abramowitz & Stegun
// 26.2.23 and is polished by Newton steps on that cdf, to about 1e-15.

const ERFC_COEFFICIENTS = [
  -1.3026537197817094, 6.4196979235649026e-1, 1.9476473204185836e-2, -9.561514786808631e-3, -9.46595344482036e-4,
  3.66839497852761e-4, 4.2523324806907e-5, -2.0278578112534e-5, -1.624290004647e-6, 1.30365583558e-6,
  1.5626441722e-8, -8.5238095915e-8, 6.529054439e-9, 5.059343495e-9, -9.91364156e-10, -2.27365122e-10,
  9.6467911e-11, 2.394038e-12, -6.886027e-12, 8.94487e-13, 3.13092e-13, -1.12708e-13, 3.81e-16, 7.106e-15,
  -1.523e-15, -9.4e-17, 1.21e-16, -2.8e-17,
];
const INV_SQRT_TWO = Math.SQRT1_2;
const INV_SQRT_TWO_PI = 1 / Math.sqrt(2 * Math.PI);

/** erfc(z) for z ≥ 0. */
function erfcNonNegative(z: number): number {
  const t = 2 / (2 + z);
  const ty = 4 * t - 2;
  let d = 0;
  let dd = 0;
  for (let j = ERFC_COEFFICIENTS.length - 1; j > 0; j--) {
    const previous = d;
    d = ty * d - dd + ERFC_COEFFICIENTS[j];
    dd = previous;
  }
  return t * Math.exp(-z * z + 0.5 * (ERFC_COEFFICIENTS[0] + ty * d) - dd);
}

export function normalPdf(x: number): number {
  return INV_SQRT_TWO_PI * Math.exp(-0.5 * x * x);
}

/** Φ(x) = P(Z ≤ x). */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) throw new RangeError('normalCdf of NaN');
  return x < 0 ? 0.5 * erfcNonNegative(-x * INV_SQRT_TWO) : 1 - 0.5 * erfcNonNegative(x * INV_SQRT_TWO);
}

/** 1 − Φ(x) = P(Z > x), accurate in the upper tail. */
export function normalSf(x: number): number {
  return normalCdf(-x);
}

/** Φ⁻¹(p). */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`normal quantile needs p in [0, 1] (got ${p})`);
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  // 1 − p is exact for p ≥ 0.5, so the upper half reflects onto the lower one without rounding.
  if (p > 0.5) return -lowerQuantile(1 - p);
  return lowerQuantile(p);
}

/** Quantile for p ≤ 0.5, where Φ(x) has full relative precision. */
function lowerQuantile(p: number): number {
  if (p === 0.5) return 0;
  const t = Math.sqrt(-2 * Math.log(p));
  let x = -(t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308))));
  for (let i = 0; i < 20; i++) {
    const step = (normalCdf(x) - p) / normalPdf(x);
    x -= step;
    if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(x))) break;
  }
  return x;
}
