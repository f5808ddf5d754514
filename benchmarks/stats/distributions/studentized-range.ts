// Studentized range distribution with infinite degrees of freedom (the range of k standard normals), which
// the Nemenyi test and Demšar's critical difference use: F(q; k) = k ∫ φ(z) [Φ(z) − Φ(z − q)]^{k−1} dz.
// Composite Simpson on z ∈ [−10, 10] with step 1/256 (error ≈ 1e-13; φ(10) ≈ 8e-23). jstat's tukey.inv stops
// at |Δq| < 1e-4, so the quantile is found here by safeguarded Newton steps on this cdf and its density.
import { normalCdf, normalPdf } from './normal.ts';

const STEP = 1 / 256;
const Z_LOW = -10;
const INTERVALS = 20 * 256;

interface Grid {
  z: Float64Array;
  /** Simpson weight × φ(z) × step / 3. */
  weightedPdf: Float64Array;
  cdf: Float64Array;
}

let grid: Grid | undefined;

function getGrid(): Grid {
  if (grid) return grid;
  const z = new Float64Array(INTERVALS + 1);
  const weightedPdf = new Float64Array(INTERVALS + 1);
  const cdf = new Float64Array(INTERVALS + 1);
  for (let i = 0; i <= INTERVALS; i++) {
    z[i] = Z_LOW + i * STEP;
    const simpson = i === 0 || i === INTERVALS ? 1 : i % 2 === 1 ? 4 : 2;
    weightedPdf[i] = (simpson * normalPdf(z[i]) * STEP) / 3;
    cdf[i] = normalCdf(z[i]);
  }
  grid = { z, weightedPdf, cdf };
  return grid;
}

/** F(q; k) and its density f(q; k) = k(k − 1) ∫ φ(z) φ(z − q) [Φ(z) − Φ(z − q)]^{k−2} dz. */
function cdfAndDensity(q: number, k: number): { cdf: number; density: number } {
  const { z, weightedPdf, cdf } = getGrid();
  let cdfSum = 0;
  let densitySum = 0;
  for (let i = 0; i <= INTERVALS; i++) {
    const inside = cdf[i] - normalCdf(z[i] - q);
    const power = inside ** (k - 2);
    cdfSum += weightedPdf[i] * power * inside;
    densitySum += weightedPdf[i] * normalPdf(z[i] - q) * power;
  }
  return { cdf: Math.min(1, k * cdfSum), density: k * (k - 1) * densitySum };
}

/** P(range of k i.i.d. N(0, 1) ≤ q). */
export function studentizedRangeCdf(q: number, k: number): number {
  checkK(k);
  if (Number.isNaN(q)) throw new RangeError('studentizedRangeCdf of NaN');
  if (q <= 0) return 0;
  if (q === Number.POSITIVE_INFINITY) return 1;
  return cdfAndDensity(q, k).cdf;
}

/** P(range > q), the Nemenyi p-value. */
export function studentizedRangeSf(q: number, k: number): number {
  return Math.max(0, 1 - studentizedRangeCdf(q, k));
}

/** q such that F(q; k) = p. */
export function studentizedRangeQuantile(p: number, k: number): number {
  checkK(k);
  if (!(p > 0 && p < 1)) throw new RangeError(`studentized range quantile needs p in (0, 1) (got ${p})`);
  let low = 0;
  let high = 1;
  while (studentizedRangeCdf(high, k) < p) high *= 2;
  let q = (low + high) / 2;
  for (let i = 0; i < 100; i++) {
    const { cdf, density } = cdfAndDensity(q, k);
    if (cdf < p) low = q;
    else high = q;
    let next = q - (cdf - p) / density;
    if (!(next > low && next < high)) next = (low + high) / 2;
    if (Math.abs(next - q) <= 1e-14 * q) return next;
    q = next;
  }
  return q;
}

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`studentized range needs k ≥ 2 groups (got ${k})`);
}
