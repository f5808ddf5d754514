// Bias-corrected and accelerated (BCa) bootstrap interval (Efron 1987; Efron & Tibshirani 1993, §14.3 and
// eq. 14.15), computed as scipy.stats.bootstrap(method='BCa'): z₀ from the mid-rank fraction of replicates below
// the estimate, acceleration from the jackknife, and type-7 quantiles at the adjusted levels.
import type { Rng } from '../rng.ts';
import type { IndexStatistic } from './bootstrap.ts';
import { degenerate, type Degenerate } from './degenerate.ts';
import { normalCdf, normalQuantile } from './distributions/normal.ts';
import { checkConfidence } from './hypothesis.ts';
import { jackknifeValues } from './jackknife.ts';
import { sortedQuantile } from './quantile.ts';
import { makeIndexSampler, type GroupId } from './resample.ts';

export interface BcaInterval {
  defined: true;
  lower: number;
  upper: number;
  /** z₀ = Φ⁻¹((#{θ* < θ̂} + #{θ* ≤ θ̂}) / 2B). */
  biasCorrection: number;
  /** â = Σ d³ / (6 (Σ d²)^{3/2}) with d = mean(θ₍·₎) − θ₍ᵢ₎. */
  acceleration: number;
  /** The quantile levels actually read off the replicates, in place of α/2 and 1 − α/2. */
  adjustedLevels: [number, number];
}

/** BCa interval from given replicates and jackknife values; Degenerate when z₀ or â is not finite. */
export function bcaInterval(
  estimate: number,
  replicates: readonly number[],
  jackknife: readonly number[],
  confidence: number,
): BcaInterval | Degenerate {
  checkConfidence(confidence);
  if (replicates.length === 0) return degenerate('degenerate-bootstrap', 'no finite bootstrap replicates');
  let below = 0;
  let atMost = 0;
  for (const value of replicates) {
    if (value < estimate) below += 1;
    if (value <= estimate) atMost += 1;
  }
  const fraction = (below + atMost) / (2 * replicates.length);
  if (fraction === 0 || fraction === 1) {
    return degenerate('degenerate-bootstrap', `the estimate ${estimate} lies outside all ${replicates.length} replicates (z₀ = ±∞)`);
  }
  const biasCorrection = normalQuantile(fraction);
  const acceleration = jackknifeAcceleration(jackknife);
  if (acceleration === undefined) {
    return degenerate('degenerate-bootstrap', 'all jackknife values are equal, so the acceleration is 0/0');
  }
  const zAlpha = normalQuantile((1 - confidence) / 2);
  const level = (z: number) => normalCdf(biasCorrection + (biasCorrection + z) / (1 - acceleration * (biasCorrection + z)));
  const adjustedLevels: [number, number] = [level(zAlpha), level(-zAlpha)];
  const sorted = Float64Array.from(replicates).sort();
  return {
    defined: true,
    lower: sortedQuantile(sorted, adjustedLevels[0]),
    upper: sortedQuantile(sorted, adjustedLevels[1]),
    biasCorrection,
    acceleration,
    adjustedLevels,
  };
}

function jackknifeAcceleration(jackknife: readonly number[]): number | undefined {
  if (jackknife.some((value) => !Number.isFinite(value))) return undefined;
  const centre = jackknife.reduce((sum, value) => sum + value, 0) / jackknife.length;
  let cubes = 0;
  let squares = 0;
  for (const value of jackknife) {
    const d = centre - value;
    cubes += d * d * d;
    squares += d * d;
  }
  if (squares === 0) return undefined;
  return cubes / (6 * squares ** 1.5);
}

export interface BcaOptions {
  rng: Rng;
  /** Number of resamples B (default 2000). */
  resamples?: number;
  /** Two-sided confidence level (default 0.95). */
  confidence?: number;
  /** Patient id of each sample: resample whole patients and jackknife one patient at a time. */
  groups?: readonly GroupId[];
  /** Keep the drawn index lists, so a caller can recompute on the same resamples. */
  returnIndices?: boolean;
}

export interface BcaResult extends BcaInterval {
  estimate: number;
  confidence: number;
  resamples: number;
  method: 'bca' | 'cluster-bca';
  /** Resamples whose statistic was NaN or infinite; left out, as in the percentile bootstrap. */
  nonFinite: number;
  jackknife: number[];
  indices?: number[][];
}

/** BCa bootstrap CI of `statistic` over samples 0..n-1 (i.i.d. or, with groups, by patient). */
export function bcaBootstrapCi(statistic: IndexStatistic, n: number, options: BcaOptions): BcaResult | Degenerate {
  const resamples = options.resamples ?? 2000;
  const confidence = checkConfidence(options.confidence ?? 0.95);
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new RangeError(`bootstrap resamples must be a positive integer (got ${resamples})`);
  }
  const units = options.groups === undefined ? n : new Set(options.groups).size;
  if (units < 2) return degenerate('too-few-samples', `BCa needs at least 2 resampling units for its jackknife (got ${units})`);
  const sampler = makeIndexSampler(n, options.groups);
  const replicates: number[] = [];
  const indices: number[][] = [];
  for (let b = 0; b < resamples; b++) {
    const drawn = sampler(options.rng);
    const value = statistic(drawn);
    if (Number.isFinite(value)) replicates.push(value);
    if (options.returnIndices) indices.push(drawn);
  }
  const estimate = statistic(Array.from({ length: n }, (_, i) => i));
  if (!Number.isFinite(estimate)) return degenerate('degenerate-bootstrap', `the statistic on the full sample is ${estimate}`);
  const jackknife = jackknifeValues(statistic, n, options.groups);
  const interval = bcaInterval(estimate, replicates, jackknife, confidence);
  if (!interval.defined) return interval;
  return {
    ...interval,
    estimate,
    confidence,
    resamples,
    method: options.groups === undefined ? 'bca' : 'cluster-bca',
    nonFinite: resamples - replicates.length,
    jackknife,
    ...(options.returnIndices ? { indices } : {}),
  };
}
