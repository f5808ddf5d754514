// One metric of two runs on the same pooled out-of-fold samples, with the paired test the issue names:
// McNemar for accuracy (exact, or Yang's clustered test when a patient has several samples), DeLong for binary AUROC
// (Obuchowski's clustered variance when a patient has several samples), and a paired bootstrap for the other metrics. Bootstraps
// resample patients (a cluster bootstrap, as analyze-task.ts does for a job's own CIs); only runs stored without
// patient ids fall back to resampling samples, and the result says so.
import type { Rng } from '../rng.ts';
import { pairedBootstrapDifference } from '../stats/bootstrap.ts';
import { accuracyPairTest, aurocPairTest } from '../stats/clustered-choice.ts';
import { getSampleMetric } from './metric-registry.ts';
import type { PooledPredictions } from './run-evidence.ts';

export type PairedTestName = 'mcnemar-exact' | 'mcnemar-clustered-yang' | 'delong-paired' | 'delong-clustered-obuchowski' | 'paired-bootstrap';

export interface PairedRunTest {
  metric: string;
  /** NaN when the metric is undefined on the run's pooled predictions (e.g. AUROC with one class present). */
  baselineValue: number;
  currentValue: number;
  /** current − baseline: negative is worse (every registered metric is higher-is-better). */
  delta: number;
  /** CI of delta at `confidence`: a paired percentile bootstrap, or DeLong's for binary AUROC. */
  ci: [number, number];
  test: PairedTestName;
  /** NaN when the test is undefined; `note` then says why. */
  pValue: number;
  /** What the bootstrap resampled; absent when no bootstrap was drawn (DeLong, or an undefined metric). */
  resampling?: 'patients' | 'samples';
  /** Why the test or metric is undefined, or that samples stood in for patients. */
  note?: string;
}

export interface PairedRunTestInput {
  metric: string;
  labels: readonly number[];
  /** Patient id of every dataset sample, by sample index; undefined for runs stored without them. */
  groups?: readonly string[];
  numClasses: number;
  baseline: PooledPredictions;
  current: PooledPredictions;
  confidence: number;
  bootstrap: number;
  rng: Rng;
}

export const SAMPLE_FALLBACK_NOTE = 'no patient ids stored with either run (a baseline bundle from before they were kept): samples resampled, not patients';

const UNDEFINED_CI: [number, number] = [Number.NaN, Number.NaN];

function testFor(metric: string, numClasses: number): PairedTestName {
  if (metric === 'accuracy') return 'mcnemar-exact';
  return metric === 'auroc' && numClasses === 2 ? 'delong-paired' : 'paired-bootstrap';
}

export function pairedRunTest(input: PairedRunTestInput): PairedRunTest {
  const { baseline, current, metric, numClasses } = input;
  if (baseline.indices.join() !== current.indices.join()) throw new Error('the two runs were not evaluated on the same samples');
  const yTrue = baseline.indices.map((i) => input.labels[i]);
  const score = getSampleMetric(metric);
  const on = (p: PooledPredictions, idx: readonly number[]) =>
    score({ yTrue: idx.map((i) => yTrue[i]), yPred: idx.map((i) => p.predicted[i]), proba: idx.map((i) => p.probabilities[i]), numClasses });
  const all = yTrue.map((_, i) => i);
  const baselineValue = on(baseline, all);
  const currentValue = on(current, all);
  const test = testFor(metric, numClasses);
  const base = { metric, baselineValue, currentValue, delta: currentValue - baselineValue, test };
  const undefinedIn = [
    ...(Number.isFinite(baselineValue) ? [] : ['baseline']),
    ...(Number.isFinite(currentValue) ? [] : ['current run']),
  ];
  if (undefinedIn.length > 0) {
    const note = `${metric} is undefined on the pooled predictions of the ${undefinedIn.join(' and the ')} (e.g. only one class among the samples)`;
    return { ...base, ci: UNDEFINED_CI, pValue: Number.NaN, note };
  }
  const patientIds = input.groups;
  const groups = patientIds ? baseline.indices.map((i) => patientIds[i]) : undefined;
  if (test === 'delong-paired') {
    const choice = aurocPairTest(yTrue, current.probabilities.map((p) => p[1]), baseline.probabilities.map((p) => p[1]), groups, input.confidence);
    const t = choice.result;
    if (!t.defined) return { ...base, test: choice.test, ci: UNDEFINED_CI, pValue: Number.NaN, note: `DeLong's test is undefined: ${t.detail}` };
    return { ...base, test: choice.test, ci: t.differenceCi, pValue: t.pValue };
  }
  const resampling = groups ? 'patients' : 'samples';
  const fallback = groups ? {} : { note: SAMPLE_FALLBACK_NOTE };
  let t;
  try {
    t = pairedBootstrapDifference((idx) => on(current, idx), (idx) => on(baseline, idx), yTrue.length, {
      resamples: input.bootstrap,
      confidence: input.confidence,
      groups,
      rng: input.rng,
    });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { ...base, ci: UNDEFINED_CI, pValue: Number.NaN, resampling, note: `the paired bootstrap is undefined: ${error.message}` };
  }
  if (test === 'mcnemar-exact') {
    const m = accuracyPairTest(current.predicted.map((p, i) => p === yTrue[i]), baseline.predicted.map((p, i) => p === yTrue[i]), groups, input.confidence);
    return { ...base, test: m.test, ci: [t.lower, t.upper], pValue: m.pValue, resampling, ...fallback };
  }
  return { ...base, ci: [t.lower, t.upper], pValue: t.pValue, resampling, ...fallback };
}
