// One metric of two runs on the same pooled out-of-fold samples, with the paired test the issue names:
// McNemar exact for accuracy, DeLong for binary AUROC, and for other metrics a paired bootstrap over samples
// (patient ids are not stored with the predictions, so samples, not patients, are resampled).
import type { Rng } from '../rng.ts';
import { pairedBootstrapDifference } from '../stats/bootstrap.ts';
import { delongTest } from '../stats/delong-auroc.ts';
import { mcnemarTest } from '../stats/mcnemar.ts';
import { getSampleMetric } from './metric-registry.ts';
import { defaultHeadline, poolPredictions, type PooledPredictions, type RunEvidence } from './run-evidence.ts';

export interface PairedRunTest {
  metric: string;
  baselineValue: number;
  currentValue: number;
  /** current − baseline: negative is worse (every registered metric is higher-is-better). */
  delta: number;
  /** CI of delta at `confidence`. */
  ci: [number, number];
  test: 'mcnemar-exact' | 'delong-paired' | 'paired-bootstrap';
  pValue: number;
  /** Why the test is undefined, when it is (p is then 1). */
  note?: string;
}

export interface PairedRunTestInput {
  metric: string;
  labels: readonly number[];
  numClasses: number;
  baseline: PooledPredictions;
  current: PooledPredictions;
  confidence: number;
  bootstrap: number;
  rng: Rng;
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
  const base = { metric, baselineValue, currentValue, delta: currentValue - baselineValue };
  if (metric === 'accuracy') {
    const t = mcnemarTest(
      current.predicted.map((p, i) => p === yTrue[i]),
      baseline.predicted.map((p, i) => p === yTrue[i]),
      { confidence: input.confidence },
    );
    return { ...base, ci: t.differenceCi, test: 'mcnemar-exact', pValue: t.pValue };
  }
  if (metric === 'auroc' && numClasses === 2) {
    const t = delongTest(yTrue, current.probabilities.map((p) => p[1]), baseline.probabilities.map((p) => p[1]), { confidence: input.confidence });
    if (!t.defined) return { ...base, ci: [Number.NaN, Number.NaN], test: 'delong-paired', pValue: 1, note: t.detail };
    return { ...base, ci: t.differenceCi, test: 'delong-paired', pValue: t.pValue };
  }
  const t = pairedBootstrapDifference((idx) => on(current, idx), (idx) => on(baseline, idx), yTrue.length, {
    resamples: input.bootstrap,
    confidence: input.confidence,
    rng: input.rng,
  });
  return { ...base, ci: [t.lower, t.upper], test: 'paired-bootstrap', pValue: t.pValue };
}

/**
 * The paired test of one task's headline predictions (pretrained model at its largest label fraction) in two
 * runs already found comparable: what `bench compare` and `bench gate` both ask.
 */
export function pairedTaskTest(
  baseline: RunEvidence,
  current: RunEvidence,
  task: string,
  metric: string,
  numClasses: number,
  settings: { confidence: number; bootstrap: number; rng: Rng },
): PairedRunTest {
  const evidence = baseline.tasks[task];
  const headline = defaultHeadline(evidence);
  return pairedRunTest({
    metric,
    labels: evidence.labels,
    numClasses,
    baseline: poolPredictions(evidence, headline)!,
    current: poolPredictions(current.tasks[task], headline)!,
    ...settings,
  });
}
