// Turns out-of-fold predictions into the numbers a paper reports: per-fold mean ± sd, the pooled metric with
// a patient-level bootstrap CI, and paired tests of the pretrained model against each baseline on the same
// samples (McNemar exact on pooled correctness, with a patient-cluster paired-bootstrap CI of Δ accuracy).
import type { FoldPredictions, MetricSummary, ModelKind, ModelScores, PairedComparison, TaskResult } from '../../dsl/results.ts';
import type { Rng } from '../rng.ts';
import type { TaskDefinition } from '../tasks/task.ts';
import { getSampleMetric, type PredictionSet } from './metric-registry.ts';
import { bootstrapCi, pairedBootstrapDifference } from '../stats/bootstrap.ts';
import { mcnemarTest } from '../stats/mcnemar.ts';
import { delongTest } from '../stats/delong-auroc.ts';
import { mean, sampleSd } from '../stats/describe.ts';

export interface StatsSettings {
  alpha: number;
  bootstrap: number;
  confidence: number;
}

export interface TaskAnalysisInput {
  task: TaskDefinition;
  labels: readonly number[];
  groups: readonly string[];
  folds: ReadonlyArray<{ train: readonly number[]; test: readonly number[] }>;
  predictions: readonly FoldPredictions[];
  stats: StatsSettings;
  rng: Rng;
}

/** Pooled out-of-fold predictions of one model at one fraction, ordered by sample index. */
interface Pooled {
  indices: number[];
  predicted: number[];
  proba: number[][];
}

function pool(predictions: readonly FoldPredictions[]): Pooled {
  const rows = predictions.flatMap((p) => p.testIndices.map((index, i) => ({ index, predicted: p.predicted[i], proba: p.probabilities[i] })));
  rows.sort((a, b) => a.index - b.index);
  for (let i = 1; i < rows.length; i++) {
    if (rows[i].index === rows[i - 1].index) throw new Error(`sample ${rows[i].index} predicted in two test folds`);
  }
  return { indices: rows.map((r) => r.index), predicted: rows.map((r) => r.predicted), proba: rows.map((r) => r.proba) };
}

/** Mean and sd of the finite values: a fold where a score metric is undefined (one class) is left out. */
function finiteSummary(values: readonly number[]): { mean: number; sd: number } {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { mean: Number.NaN, sd: Number.NaN };
  return { mean: mean(finite), sd: finite.length > 1 ? sampleSd(finite) : 0 };
}

function key(model: ModelKind, fraction: number): string {
  return `${model}@${fraction}`;
}

export function analyzeTask(input: TaskAnalysisInput): TaskResult {
  const { task, labels, groups, stats } = input;
  const k = task.labels.length;
  const byKey = new Map<string, FoldPredictions[]>();
  for (const p of input.predictions) byKey.set(key(p.model, p.fraction), [...(byKey.get(key(p.model, p.fraction)) ?? []), p]);

  const scores: ModelScores[] = [];
  const pooledByKey = new Map<string, Pooled>();
  for (const [id, preds] of byKey) {
    const { model, fraction } = preds[0];
    const pooled = pool(preds);
    pooledByKey.set(id, pooled);
    const yTrue = pooled.indices.map((i) => labels[i]);
    const pooledGroups = pooled.indices.map((i) => groups[i]);
    const subset = (idx: readonly number[]): PredictionSet => ({
      yTrue: idx.map((i) => yTrue[i]),
      yPred: idx.map((i) => pooled.predicted[i]),
      proba: idx.map((i) => pooled.proba[i]),
      numClasses: k,
    });
    const all = pooled.indices.map((_, i) => i);
    const metrics: MetricSummary[] = task.metrics.map(({ id: metricId }) => {
      const metric = getSampleMetric(metricId);
      const perFold = [...preds]
        .sort((a, b) => a.fold - b.fold)
        .map((p) => metric({ yTrue: p.testIndices.map((i) => labels[i]), yPred: p.predicted, proba: p.probabilities, numClasses: k }));
      const ci = bootstrapCi((idx) => metric(subset(idx)), yTrue.length, {
        resamples: stats.bootstrap,
        confidence: stats.confidence,
        groups: pooledGroups,
        rng: input.rng.fork(`ci:${id}:${metricId}`),
      });
      return {
        metric: metricId,
        ...finiteSummary(perFold),
        perFold,
        pooled: metric(subset(all)),
        ci: { lower: ci.lower, upper: ci.upper, confidence: stats.confidence, method: 'percentile bootstrap over patients' },
      };
    });
    scores.push({ model, fraction, metrics });
  }

  const comparisons: PairedComparison[] = [];
  const fractions = [...new Set(input.predictions.map((p) => p.fraction))].sort((a, b) => a - b);
  for (const fraction of fractions) {
    const ours = pooledByKey.get(key('pretrained', fraction));
    if (!ours) continue;
    for (const baseline of ['random-init', 'supervised'] as const) {
      const theirs = pooledByKey.get(key(baseline, fraction));
      if (!theirs) continue;
      const binaryAuroc = task.primaryMetric === 'auroc' && k === 2;
      comparisons.push(binaryAuroc ? compareAuroc(ours, theirs, baseline, fraction, input) : compareAccuracy(ours, theirs, baseline, fraction, input));
    }
  }
  const patientsOf = (indices: readonly number[]) => new Set(indices.map((i) => groups[i])).size;
  return {
    task: task.id,
    taskVersion: task.version,
    labels: task.labels,
    primaryMetric: task.primaryMetric,
    nSamples: labels.length,
    nPatients: new Set(groups).size,
    folds: input.folds.map((f, fold) => ({
      fold,
      trainSamples: f.train.length,
      testSamples: f.test.length,
      trainPatients: patientsOf(f.train),
      testPatients: patientsOf(f.test),
    })),
    scores,
    comparisons,
  };
}

/** The true labels of two models' pooled predictions, which must cover the same samples in the same order. */
function pairedLabels(ours: Pooled, theirs: Pooled, baseline: ModelKind, fraction: number, labels: readonly number[]): number[] {
  if (ours.indices.join() !== theirs.indices.join()) {
    throw new Error(`pretrained and ${baseline} at fraction ${fraction} were not evaluated on the same samples`);
  }
  return ours.indices.map((i) => labels[i]);
}

function compareAccuracy(
  ours: Pooled,
  theirs: Pooled,
  baseline: ModelKind,
  fraction: number,
  input: TaskAnalysisInput,
): PairedComparison {
  const yTrue = pairedLabels(ours, theirs, baseline, fraction, input.labels);
  const correctA = ours.predicted.map((p, i) => p === yTrue[i]);
  const correctB = theirs.predicted.map((p, i) => p === yTrue[i]);
  const test = mcnemarTest(correctA, correctB);
  const rate = (correct: boolean[]) => (idx: number[]) => idx.reduce((s, i) => s + (correct[i] ? 1 : 0), 0) / idx.length;
  const diff = pairedBootstrapDifference(rate(correctA), rate(correctB), yTrue.length, {
    resamples: input.stats.bootstrap,
    confidence: input.stats.confidence,
    groups: ours.indices.map((i) => input.groups[i]),
    rng: input.rng.fork(`paired:${baseline}:${fraction}`),
  });
  return {
    fraction,
    model: 'pretrained',
    baseline,
    metric: 'accuracy',
    test: test.method,
    statistic: test.statistic,
    pValue: test.pValue,
    alpha: input.stats.alpha,
    significant: test.pValue < input.stats.alpha,
    effect: {
      name: 'difference in accuracy',
      value: test.difference,
      ci: { lower: diff.lower, upper: diff.upper, confidence: input.stats.confidence, method: 'paired percentile bootstrap over patients' },
    },
    details: { b: test.b, c: test.c, n: test.n, clusterBootstrapP: diff.pValue },
  };
}

/**
 * Binary tasks with AUROC as primary metric: DeLong's test for two correlated AUROCs on the pooled out-of-fold
 * scores (the pooled folds share one ranking scale only approximately: each fold's probe is calibrated on its own
 * training part, the usual caveat of pooled cross-validated AUROC).
 */
function compareAuroc(
  ours: Pooled,
  theirs: Pooled,
  baseline: ModelKind,
  fraction: number,
  input: TaskAnalysisInput,
): PairedComparison {
  const yTrue = pairedLabels(ours, theirs, baseline, fraction, input.labels);
  const test = delongTest(yTrue, ours.proba.map((p) => p[1]), theirs.proba.map((p) => p[1]), { confidence: input.stats.confidence });
  const base = { fraction, model: 'pretrained' as const, baseline, metric: 'auroc', test: 'delong-paired', alpha: input.stats.alpha };
  if (!test.defined) {
    return {
      ...base,
      statistic: Number.NaN,
      pValue: 1,
      significant: false,
      effect: { name: `difference in AUROC (undefined: ${test.reason})`, value: 0, ci: { lower: Number.NaN, upper: Number.NaN, confidence: input.stats.confidence, method: 'DeLong' } },
      details: {},
    };
  }
  return {
    ...base,
    statistic: test.statistic,
    pValue: test.pValue,
    significant: test.pValue < input.stats.alpha,
    effect: {
      name: 'difference in AUROC',
      value: test.difference,
      ci: { lower: test.differenceCi[0], upper: test.differenceCi[1], confidence: input.stats.confidence, method: 'DeLong' },
    },
    details: { aucA: test.aucA, aucB: test.aucB, positives: test.positives, negatives: test.negatives },
  };
}
