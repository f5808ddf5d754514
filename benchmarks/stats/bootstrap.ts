// Percentile bootstrap confidence intervals (Efron & Tibshirani 1993, ch. 13) for any statistic of a set of
// sample indices, with an optional cluster (patient) bootstrap, and a paired version for the difference of two models.
import type { Rng } from '../rng.ts';
import { makeIndexSampler, type GroupId } from './resample.ts';
import { sortedQuantile } from './quantile.ts';

/** A statistic evaluated on a resample, given as indices into the n original samples (with repeats). */
export type IndexStatistic = (indices: number[]) => number;

export type BootstrapMethod = 'percentile' | 'cluster-percentile';

export interface BootstrapOptions {
  rng: Rng;
  /** Number of resamples B (default 2000, as `stats.bootstrap` in dsl/defaults.ts). */
  resamples?: number;
  /** Confidence level of the two-sided interval (default 0.95). */
  confidence?: number;
  /** Group (patient) id of each sample: resample whole groups instead of samples. */
  groups?: readonly GroupId[];
  /** Keep every drawn index list in the result, so a caller can recompute on the same resamples. */
  returnIndices?: boolean;
}

export interface BootstrapResult {
  /** The statistic on the original sample. */
  estimate: number;
  lower: number;
  upper: number;
  confidence: number;
  resamples: number;
  method: BootstrapMethod;
  /** Resamples whose statistic was NaN or infinite (e.g. a class missing); left out of the quantiles. */
  nonFinite: number;
  indices?: number[][];
}

export interface PairedBootstrapResult {
  /** statA − statB on the original sample. */
  delta: number;
  lower: number;
  upper: number;
  /** Two-sided: 2·min((1 + #{Δ* ≤ 0}) / (B + 1), (1 + #{Δ* ≥ 0}) / (B + 1)), capped at 1. */
  pValue: number;
  confidence: number;
  resamples: number;
  method: BootstrapMethod;
  nonFinite: number;
  indices?: number[][];
}

/** Percentile bootstrap interval of `statistic` over samples 0..n-1. */
export function bootstrapCi(statistic: IndexStatistic, n: number, options: BootstrapOptions): BootstrapResult {
  const { B, confidence } = checkBootstrapOptions(options);
  const draws = drawReplicates(n, options, B, (indices) => statistic(indices));
  const [lower, upper] = percentileInterval(draws.finite, confidence);
  return {
    estimate: statistic(allIndices(n)),
    lower,
    upper,
    confidence,
    resamples: B,
    method: methodOf(options),
    nonFinite: B - draws.finite.length,
    ...(options.returnIndices ? { indices: draws.indices } : {}),
  };
}

/**
 * Bootstrap of Δ = statA − statB where both models were evaluated on the same samples: each resample feeds the
 * same indices to both statistics, so the correlation between the models is kept (paired design).
 */
export function pairedBootstrapDifference(
  statA: IndexStatistic,
  statB: IndexStatistic,
  n: number,
  options: BootstrapOptions,
): PairedBootstrapResult {
  const { B, confidence } = checkBootstrapOptions(options);
  const draws = drawReplicates(n, options, B, (indices) => statA(indices) - statB(indices));
  const [lower, upper] = percentileInterval(draws.finite, confidence);
  const everything = allIndices(n);
  return {
    delta: statA(everything) - statB(everything),
    lower,
    upper,
    pValue: twoSidedBootstrapP(draws.finite),
    confidence,
    resamples: B,
    method: methodOf(options),
    nonFinite: B - draws.finite.length,
    ...(options.returnIndices ? { indices: draws.indices } : {}),
  };
}

/** The +1 correction counts the observed sample as one of the replicates, so p is never 0 (Davison & Hinkley 1997). */
export function twoSidedBootstrapP(replicates: readonly number[]): number {
  let atMostZero = 0;
  let atLeastZero = 0;
  for (const value of replicates) {
    if (value <= 0) atMostZero += 1;
    if (value >= 0) atLeastZero += 1;
  }
  const denominator = replicates.length + 1;
  return Math.min(1, 2 * Math.min((1 + atMostZero) / denominator, (1 + atLeastZero) / denominator));
}

interface Replicates {
  finite: number[];
  indices: number[][];
}

function drawReplicates(n: number, options: BootstrapOptions, B: number, evaluate: IndexStatistic): Replicates {
  const sampler = makeIndexSampler(n, options.groups);
  const finite: number[] = [];
  const indices: number[][] = [];
  for (let b = 0; b < B; b++) {
    const drawn = sampler(options.rng);
    const value = evaluate(drawn);
    if (Number.isFinite(value)) finite.push(value);
    if (options.returnIndices) indices.push(drawn);
  }
  if (finite.length === 0) throw new RangeError('the statistic was not finite on any bootstrap resample');
  return { finite, indices };
}

function percentileInterval(replicates: readonly number[], confidence: number): [number, number] {
  const sorted = Float64Array.from(replicates).sort();
  const alpha = 1 - confidence;
  return [sortedQuantile(sorted, alpha / 2), sortedQuantile(sorted, 1 - alpha / 2)];
}

function checkBootstrapOptions(options: BootstrapOptions): { B: number; confidence: number } {
  const B = options.resamples ?? 2000;
  const confidence = options.confidence ?? 0.95;
  if (!Number.isInteger(B) || B < 1) throw new RangeError(`bootstrap resamples must be a positive integer (got ${B})`);
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must be in (0, 1) (got ${confidence})`);
  }
  return { B, confidence };
}

function methodOf(options: BootstrapOptions): BootstrapMethod {
  return options.groups === undefined ? 'percentile' : 'cluster-percentile';
}

function allIndices(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
