// Turns out-of-fold predictions into the numbers a paper reports: per-fold mean ± sd, the pooled metric with
// a patient-level bootstrap CI, and paired tests of each model against its natural baselines on the same samples
// (paired-comparison.ts: McNemar exact on pooled correctness, or DeLong for binary AUROC, with effect sizes and CIs).
import type { FoldPredictions, MetricSummary, ModelKind, ModelScores, TaskResult } from '../../dsl/results.ts';
import type { Rng } from '../rng.ts';
import type { TaskDefinition } from '../tasks/task.ts';
import { getSampleMetric, type PredictionSet } from './metric-registry.ts';
import { bootstrapCi } from '../stats/bootstrap.ts';
import { mean, sampleSd } from '../stats/describe.ts';
import { poolByExam, type ExamPooling } from './exam-pooling.ts';
import { analyzeHeldOut, type HeldOutAnalysisInput } from './held-out.ts';
import { assessLabelEfficiency, type PooledOutputs } from './label-efficiency.ts';
import { COMPARISON_PAIRS, comparePaired } from './paired-comparison.ts';
import { pooledBca } from './pooled-bca.ts';

export interface StatsSettings {
  alpha: number;
  bootstrap: number;
  confidence: number;
  /** Margin of the label-efficiency non-inferiority tests (default DEFAULTS.stats.nonInferiorityMargin). */
  nonInferiorityMargin?: number;
}

export interface TaskAnalysisInput {
  task: TaskDefinition;
  labels: readonly number[];
  groups: readonly string[];
  folds: ReadonlyArray<{ train: readonly number[]; test: readonly number[] }>;
  predictions: readonly FoldPredictions[];
  stats: StatsSettings;
  rng: Rng;
  /** Exam of each sample: a task whose unit is "exam" is scored per exam, its slice scores pooled. */
  exams?: readonly string[];
  /** How slice scores are pooled per exam (default mean). */
  examPooling?: ExamPooling;
  /** The data set's fixed split and the predictions on its test part (./held-out.ts). */
  heldOut?: { split: HeldOutAnalysisInput['split']; predictions: readonly FoldPredictions[] };
}

/** Pooled out-of-fold predictions of one model at one fraction, ordered by sample index. */
function pool(predictions: readonly FoldPredictions[]): PooledOutputs {
  const rows = predictions.flatMap((p) => p.testIndices.map((index, i) => ({ index, predicted: p.predicted[i], proba: p.probabilities[i] })));
  rows.sort((a, b) => a.index - b.index);
  for (let i = 1; i < rows.length; i++) {
    if (rows[i].index === rows[i - 1].index) throw new Error(`sample ${rows[i].index} predicted in two test folds`);
  }
  return { indices: rows.map((r) => r.index), predicted: rows.map((r) => r.predicted), proba: rows.map((r) => r.proba) };
}

/** The most frequent predicted class (the lowest index on a tie) and the share of samples it takes. */
export function dominantPrediction(predicted: readonly number[]): { label: number; share: number } {
  const counts = new Map<number, number>();
  for (const p of predicted) counts.set(p, (counts.get(p) ?? 0) + 1);
  let label = -1;
  let count = 0;
  for (const [l, c] of counts) if (c > count || (c === count && l < label)) (label = l), (count = c);
  return { label, share: predicted.length === 0 ? 0 : count / predicted.length };
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

/** Exam-level tasks: labels, patients, folds and predictions rewritten per exam before any metric or test. */
function atTaskUnit(input: TaskAnalysisInput): TaskAnalysisInput {
  if (input.task.unit !== 'exam' || input.exams === undefined) return input;
  return { ...input, ...poolByExam(input, input.exams, input.examPooling ?? 'mean') };
}

export function analyzeTask(sliceInput: TaskAnalysisInput): TaskResult {
  const input = atTaskUnit(sliceInput);
  const { task, labels, groups, stats } = input;
  const k = task.labels.length;
  const byKey = new Map<string, FoldPredictions[]>();
  for (const p of input.predictions) byKey.set(key(p.model, p.fraction), [...(byKey.get(key(p.model, p.fraction)) ?? []), p]);

  const scores: ModelScores[] = [];
  const pooledByKey = new Map<string, PooledOutputs>();
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
        ...(metricId === task.primaryMetric
          ? pooledBca((idx) => metric(subset(idx)), yTrue.length, pooledGroups, stats, input.rng.fork(`bca:${id}:${metricId}`))
          : {}),
      };
    });
    scores.push({ model, fraction, metrics, dominantPrediction: dominantPrediction(pooled.predicted) });
  }

  const fractions = [...new Set(input.predictions.map((p) => p.fraction))].sort((a, b) => a - b);
  const context = { primaryMetric: task.primaryMetric, numClasses: k, labels, groups, stats, rng: input.rng };
  const comparisons = fractions.flatMap((fraction) =>
    COMPARISON_PAIRS.flatMap((pair) => {
      const ours = pooledByKey.get(key(pair.model, fraction));
      const theirs = pooledByKey.get(key(pair.baseline, fraction));
      return ours && theirs ? [comparePaired(ours, theirs, pair, fraction, context)] : [];
    }),
  );
  const labelEfficiency = assessLabelEfficiency(
    { primaryMetric: task.primaryMetric, numClasses: k, labels, groups, pooled: (model, f) => pooledByKey.get(key(model, f)), stats, rng: input.rng },
    fractions,
  );
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
    ...(labelEfficiency ? { labelEfficiency } : {}),
    ...(input !== sliceInput ? { nSamples: sliceInput.labels.length, nExams: labels.length, examPooling: input.examPooling ?? 'mean' } : {}),
    ...(sliceInput.heldOut ? { heldOut: analyzeHeldOut({ ...sliceInput, ...sliceInput.heldOut, rng: sliceInput.rng.fork('held-out') }) } : {}),
  };
}
