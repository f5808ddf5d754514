// Scores on a data set's fixed held-out test part: each model (trained on the whole train part at each label
// fraction) scored once, with percentile and BCa bootstrap CIs resampling test patients, and the same paired tests
// of each model against its baselines as cross-validation (paired-comparison.ts), on the same test samples.
import type { FoldPredictions, HeldOutMetric, HeldOutScores, HeldOutTestResult } from '../../dsl/results.ts';
import type { Rng } from '../rng.ts';
import type { TaskDefinition } from '../tasks/task.ts';
import { bootstrapCi } from '../stats/bootstrap.ts';
import { poolByExam, type ExamPooling } from './exam-pooling.ts';
import type { PooledOutputs } from './label-efficiency.ts';
import { getSampleMetric, type PredictionSet } from './metric-registry.ts';
import { COMPARISON_PAIRS, comparePaired } from './paired-comparison.ts';
import { pooledBca } from './pooled-bca.ts';

export interface HeldOutAnalysisInput {
  task: TaskDefinition;
  /** Every sample of the data set (train and test parts), as in cross-validation. */
  labels: readonly number[];
  groups: readonly string[];
  split: { train: readonly number[]; test: readonly number[] };
  /** One set per model and fraction, each over the whole test part. */
  predictions: readonly FoldPredictions[];
  stats: { alpha: number; bootstrap: number; confidence: number };
  rng: Rng;
  exams?: readonly string[];
  examPooling?: ExamPooling;
}

/** Exam-level tasks: the split and predictions rewritten per exam (an exam on both sides is an error). */
function atTaskUnit(input: HeldOutAnalysisInput): HeldOutAnalysisInput {
  if (input.task.unit !== 'exam' || input.exams === undefined) return input;
  const pooled = poolByExam({ ...input, folds: [input.split] }, input.exams, input.examPooling ?? 'mean');
  return { ...input, labels: pooled.labels, groups: pooled.groups, split: pooled.folds[0], predictions: pooled.predictions };
}

function sortedByIndex(p: FoldPredictions): PooledOutputs {
  const order = p.testIndices.map((_, i) => i).sort((a, b) => p.testIndices[a] - p.testIndices[b]);
  return { indices: order.map((i) => p.testIndices[i]), predicted: order.map((i) => p.predicted[i]), proba: order.map((i) => p.probabilities[i]) };
}

function scoreModel(input: HeldOutAnalysisInput, p: FoldPredictions, outputs: PooledOutputs): HeldOutScores {
  const { task, stats } = input;
  const yTrue = outputs.indices.map((i) => input.labels[i]);
  const groups = outputs.indices.map((i) => input.groups[i]);
  const subset = (idx: readonly number[]): PredictionSet => ({
    yTrue: idx.map((i) => yTrue[i]),
    yPred: idx.map((i) => outputs.predicted[i]),
    proba: idx.map((i) => outputs.proba[i]),
    numClasses: task.labels.length,
  });
  const all = yTrue.map((_, i) => i);
  const id = `${p.model}@${p.fraction}`;
  const metrics: HeldOutMetric[] = task.metrics.map(({ id: metricId }) => {
    const metric = getSampleMetric(metricId);
    const statistic = (idx: number[]) => metric(subset(idx));
    const ci = bootstrapCi(statistic, yTrue.length, { resamples: stats.bootstrap, confidence: stats.confidence, groups, rng: input.rng.fork(`ci:${id}:${metricId}`) });
    return {
      metric: metricId,
      value: metric(subset(all)),
      ci: { lower: ci.lower, upper: ci.upper, confidence: stats.confidence, method: 'percentile bootstrap over test patients' },
      ...(metricId === task.primaryMetric ? pooledBca(statistic, yTrue.length, groups, stats, input.rng.fork(`bca:${id}:${metricId}`)) : {}),
    };
  });
  return { model: p.model, fraction: p.fraction, trainCount: p.trainCount, metrics };
}

export function analyzeHeldOut(sliceInput: HeldOutAnalysisInput): HeldOutTestResult {
  const input = atTaskUnit(sliceInput);
  const { task, split } = input;
  const testPart = [...split.test].sort((a, b) => a - b).join();
  const outputs = new Map(input.predictions.map((p) => {
    const sorted = sortedByIndex(p);
    if (sorted.indices.join() !== testPart) throw new Error(`held-out predictions of ${p.model} at fraction ${p.fraction} do not cover the test part exactly`);
    return [`${p.model}@${p.fraction}`, sorted] as const;
  }));
  const scores = input.predictions.map((p) => scoreModel(input, p, outputs.get(`${p.model}@${p.fraction}`)!));
  const fractions = [...new Set(input.predictions.map((p) => p.fraction))].sort((a, b) => a - b);
  const context = { primaryMetric: task.primaryMetric, numClasses: task.labels.length, labels: input.labels, groups: input.groups, stats: input.stats, rng: input.rng };
  const comparisons = fractions.flatMap((fraction) =>
    COMPARISON_PAIRS.flatMap((pair) => {
      const ours = outputs.get(`${pair.model}@${fraction}`);
      const theirs = outputs.get(`${pair.baseline}@${fraction}`);
      return ours && theirs ? [comparePaired(ours, theirs, pair, fraction, context)] : [];
    }),
  );
  const patients = (indices: readonly number[]) => new Set(indices.map((i) => input.groups[i])).size;
  return {
    trainSamples: split.train.length,
    trainPatients: patients(split.train),
    testSamples: split.test.length,
    testPatients: patients(split.test),
    scores,
    comparisons,
  };
}
