// The label-efficiency verdict of a task: pretrained at each label fraction f against supervised with all labels,
// non-inferiority on the primary metric by a paired patient-cluster bootstrap of the pooled out-of-fold predictions
// (the folds are shared, so test samples pair up), then the smallest fraction by the fixed-sequence rule.
import { DEFAULTS } from '../../dsl/defaults.ts';
import type { LabelEfficiency, ModelKind, NonInferiorityAtFraction } from '../../dsl/results.ts';
import { nonInferiorityTest } from '../label-efficiency/non-inferiority.ts';
import { smallestNonInferiorFraction, type FractionTest } from '../label-efficiency/smallest-fraction.ts';
import { makeAurocIndexStatistic, makeOvrAurocIndexStatistic } from '../metrics/resampled-auroc.ts';
import type { Rng } from '../rng.ts';
import type { IndexStatistic } from '../stats/bootstrap.ts';
import { getSampleMetric } from './metric-registry.ts';

/** One model's pooled out-of-fold predictions, ordered by sample index. */
export interface PooledOutputs {
  indices: number[];
  predicted: number[];
  proba: number[][];
}

export interface LabelEfficiencyInput {
  primaryMetric: string;
  numClasses: number;
  labels: readonly number[];
  groups: readonly string[];
  pooled: (model: ModelKind, fraction: number) => PooledOutputs | undefined;
  stats: { alpha: number; bootstrap: number; nonInferiorityMargin?: number };
  rng: Rng;
}

const MODEL: ModelKind = 'pretrained';
const REFERENCE: ModelKind = 'supervised';
const METHOD = 'paired percentile bootstrap over patients, one-sided; fixed-sequence from the largest fraction';

/** The primary metric of one model's pooled predictions on resampled positions 0..n-1 of its pooled order. */
export function pooledMetricStatistic(outputs: PooledOutputs, yTrue: readonly number[], metric: string, numClasses: number): IndexStatistic {
  // AUROC is the costly one: the O(n) resampled sweep avoids sorting every resample.
  if (metric === 'auroc' && numClasses === 2) return makeAurocIndexStatistic(yTrue, outputs.proba.map((p) => p[1]));
  if (metric === 'auroc') return makeOvrAurocIndexStatistic(yTrue, outputs.proba, numClasses);
  const score = getSampleMetric(metric);
  return (idx) => score({ yTrue: idx.map((i) => yTrue[i]), yPred: idx.map((i) => outputs.predicted[i]), proba: idx.map((i) => outputs.proba[i]), numClasses });
}

export function assessLabelEfficiency(input: LabelEfficiencyInput, fractions: readonly number[]): LabelEfficiency | undefined {
  const margin = input.stats.nonInferiorityMargin ?? DEFAULTS.stats.nonInferiorityMargin;
  const referenceFraction = Math.max(...fractions);
  const reference = input.pooled(REFERENCE, referenceFraction);
  const tested = fractions.filter((f) => input.pooled(MODEL, f) !== undefined).sort((a, b) => a - b);
  if (!reference || tested.length === 0) return undefined;
  const base = {
    metric: input.primaryMetric,
    model: MODEL,
    referenceModel: REFERENCE,
    referenceFraction,
    margin,
    alpha: input.stats.alpha,
    resamples: input.stats.bootstrap,
    method: METHOD,
  };
  const notAssessed = (reason: string): LabelEfficiency => ({ ...base, tests: [], smallestFraction: null, pValue: null, reason });
  // Margin 0 is allowed: the one-sided superiority test (non-inferiority.ts).
  if (!(margin >= 0 && Number.isFinite(margin))) return notAssessed(`margin ${margin}: a non-inferiority margin must be a finite number ≥ 0`);
  if (!(input.stats.alpha < 0.5)) return notAssessed(`α ${input.stats.alpha}: a one-sided test needs α < 0.5`);

  const yTrue = reference.indices.map((i) => input.labels[i]);
  const groups = reference.indices.map((i) => input.groups[i]);
  const referenceStatistic = pooledMetricStatistic(reference, yTrue, input.primaryMetric, input.numClasses);
  const results: FractionTest[] = [];
  for (const fraction of tested) {
    const ours = input.pooled(MODEL, fraction)!;
    if (ours.indices.join() !== reference.indices.join()) {
      return notAssessed(`${MODEL}@${fraction} and ${REFERENCE}@${referenceFraction} were not evaluated on the same samples`);
    }
    const test = nonInferiorityTest(pooledMetricStatistic(ours, yTrue, input.primaryMetric, input.numClasses), referenceStatistic, yTrue.length, {
      margin,
      alpha: input.stats.alpha,
      resamples: input.stats.bootstrap,
      groups,
      rng: input.rng.fork(`non-inferiority:${fraction}`),
    });
    results.push({ fraction, test });
  }
  const verdict = smallestNonInferiorFraction(results);
  const tests = results.map(({ fraction, test }): NonInferiorityAtFraction => ({
    fraction,
    delta: test.delta,
    lowerBound: test.lowerBound,
    pValue: test.pValue,
    nonInferior: test.nonInferior,
  }));
  const claimed = tests.filter((t) => verdict.fraction !== null && t.fraction >= verdict.fraction);
  return {
    ...base,
    tests,
    smallestFraction: verdict.fraction,
    pValue: claimed.length ? Math.max(...claimed.map((t) => t.pValue)) : null,
    reason: verdict.reason,
  };
}
