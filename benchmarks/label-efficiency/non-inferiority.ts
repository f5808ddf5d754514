// Non-inferiority of the pretrained model trained on a fraction f of the labels against the supervised baseline
// trained on all of them: H₀ Δ ≤ −margin vs H₁ Δ > −margin, Δ = metric(pretrained@f) − metric(supervised@100%),
// decided by the one-sided (1 − α) lower confidence bound of the paired patient-cluster percentile bootstrap
// (ICH E9; Piaggio et al. 2012, CONSORT for non-inferiority trials): non-inferior when that bound is above −margin.
// Margin 0 is the limiting case, a one-sided superiority test (H₀ Δ ≤ 0): "at least as good" has to be shown by a
// bound above 0, so a model identical to the baseline (every Δ* = 0) is not declared non-inferior at margin 0.
import type { Rng } from '../rng.ts';
import { pairedBootstrapDifference, type IndexStatistic } from '../stats/bootstrap.ts';
import type { GroupId } from '../stats/resample.ts';

export interface NonInferiorityOptions {
  /** Largest loss still called non-inferior, in metric units (≥ 0): 0.02 means Δ > −0.02; 0 asks for Δ > 0. */
  margin: number;
  /** One-sided level (default 0.05): the bound is the α quantile of the bootstrap Δ*. */
  alpha?: number;
  rng: Rng;
  /** Resamples B (default 2000). */
  resamples?: number;
  /** Patient id of each sample, so that resampling draws whole patients. */
  groups?: readonly GroupId[];
}

export interface NonInferiorityResult {
  method: 'paired-bootstrap-non-inferiority';
  /** Observed Δ = pretrained − baseline: the effect size. */
  delta: number;
  /** One-sided (1 − α) lower confidence bound of Δ. */
  lowerBound: number;
  margin: number;
  alpha: number;
  nonInferior: boolean;
  /** One-sided bootstrap p-value of H₀: (1 + #{Δ* ≤ −margin}) / (B' + 1), B' finite replicates. */
  pValue: number;
  resamples: number;
  clustered: boolean;
  nonFinite: number;
}

/** statPretrained and statBaseline evaluate the metric of each model on the same resampled test indices. */
export function nonInferiorityTest(
  statPretrained: IndexStatistic,
  statBaseline: IndexStatistic,
  n: number,
  options: NonInferiorityOptions,
): NonInferiorityResult {
  const { margin, alpha = 0.05 } = options;
  if (!(margin >= 0 && Number.isFinite(margin))) throw new RangeError(`margin must be a finite number ≥ 0 (got ${margin})`);
  if (!(alpha > 0 && alpha < 0.5)) throw new RangeError(`one-sided alpha must be in (0, 0.5) (got ${alpha})`);
  // pairedBootstrapDifference feeds each resample to both statistics once, plus the full sample once; recording
  // the pairs gives the replicates of Δ for the p-value without evaluating the metrics a second time.
  const pretrainedValues: number[] = [];
  const baselineValues: number[] = [];
  const recordA: IndexStatistic = (indices) => record(pretrainedValues, statPretrained(indices));
  const recordB: IndexStatistic = (indices) => record(baselineValues, statBaseline(indices));
  const bootstrap = pairedBootstrapDifference(recordA, recordB, n, {
    rng: options.rng,
    resamples: options.resamples,
    confidence: 1 - 2 * alpha,
    groups: options.groups,
  });
  const atOrBelowMargin = countAtOrBelow(pretrainedValues, baselineValues, -margin) - (bootstrap.delta <= -margin ? 1 : 0);
  const finite = bootstrap.resamples - bootstrap.nonFinite;
  return {
    method: 'paired-bootstrap-non-inferiority',
    delta: bootstrap.delta,
    lowerBound: bootstrap.lower,
    margin,
    alpha,
    nonInferior: bootstrap.lower > -margin,
    pValue: Math.min(1, (1 + atOrBelowMargin) / (finite + 1)),
    resamples: bootstrap.resamples,
    clustered: options.groups !== undefined,
    nonFinite: bootstrap.nonFinite,
  };
}

function record(values: number[], value: number): number {
  values.push(value);
  return value;
}

function countAtOrBelow(a: readonly number[], b: readonly number[], bound: number): number {
  if (a.length !== b.length) throw new Error('non-inferiority: the two statistics were not evaluated in pairs');
  let count = 0;
  for (let i = 0; i < a.length; i++) {
    const delta = a[i] - b[i];
    if (Number.isFinite(delta) && delta <= bound) count += 1;
  }
  return count;
}
