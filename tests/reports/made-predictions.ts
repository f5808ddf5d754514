// Hand-made analyzeTask inputs for the report and label-efficiency tests: n samples in pairs of one patient, two
// folds by patient, a binary task, and out-of-fold predictions whose mistakes (or scores) the test chooses.
import { analyzeTask, type StatsSettings } from '../../benchmarks/analysis/analyze-task.ts';
import { Rng } from '../../benchmarks/rng.ts';
import type { TaskDefinition, TaskMetricId } from '../../benchmarks/tasks/task.ts';
import type { FoldPredictions, ModelKind, TaskResult } from '../../dsl/results.ts';
import { alternatingLabels, range } from './make-run.ts';

export interface MadeCohort {
  n: number;
  /** Labels alternating 0/1, so each patient has one sample of each class. */
  labels: number[];
  /** Samples 2p and 2p + 1 belong to patient p. */
  groups: string[];
  /** Two folds: even patients are tested in fold 0, odd ones in fold 1. */
  folds: { train: number[]; test: number[] }[];
}

export function madeCohort(n: number): MadeCohort {
  const labels = alternatingLabels(n);
  const groups = labels.map((_, i) => `patient-${Math.floor(i / 2)}`);
  const tests = [0, 1].map((fold) => range(0, n).filter((i) => Math.floor(i / 2) % 2 === fold));
  const folds = tests.map((test) => ({ train: range(0, n).filter((i) => !test.includes(i)), test }));
  return { n, labels, groups, folds };
}

/** A binary knee X-ray task scored on `metrics`, the first being primary. */
export function madeTask(metrics: TaskMetricId[] = ['accuracy']): TaskDefinition {
  return {
    id: 'kl',
    version: 1,
    title: 'made task',
    modality: 'xray',
    anatomy: 'knee',
    labels: ['no', 'yes'],
    output: 'binary',
    primaryMetric: metrics[0],
    metrics: metrics.map((id) => ({ id, higherIsBetter: true })),
    unit: 'image',
    source: 'synthetic:kl',
  };
}

interface PredictionRow {
  predicted: number;
  probabilities: number[];
}

function foldPredictions(cohort: MadeCohort, model: ModelKind, fraction: number, rowOf: (i: number) => PredictionRow): FoldPredictions[] {
  return cohort.folds.map(({ test }, fold) => {
    const rows = test.map(rowOf);
    return {
      model,
      fraction,
      fold,
      testIndices: test,
      trainCount: cohort.n - test.length,
      predicted: rows.map((row) => row.predicted),
      probabilities: rows.map((row) => row.probabilities),
    };
  });
}

/** Out-of-fold predictions with the given probability of class 1 per sample; the prediction is its argmax. */
export function scoredPredictions(cohort: MadeCohort, model: ModelKind, fraction: number, scoreOf: (i: number) => number): FoldPredictions[] {
  return foldPredictions(cohort, model, fraction, (i) => ({ predicted: scoreOf(i) > 0.5 ? 1 : 0, probabilities: [1 - scoreOf(i), scoreOf(i)] }));
}

/** A model right everywhere except on `wrong`, 0.8 sure of whichever class it predicts. */
export function wrongOnPredictions(cohort: MadeCohort, model: ModelKind, fraction: number, wrong: Iterable<number>): FoldPredictions[] {
  const miss = new Set(wrong);
  return foldPredictions(cohort, model, fraction, (i) => {
    const predicted = miss.has(i) ? 1 - cohort.labels[i] : cohort.labels[i];
    return { predicted, probabilities: predicted === 1 ? [0.2, 0.8] : [0.8, 0.2] };
  });
}

/** analyzeTask on the cohort's labels, patients and folds, resampling with a fresh Rng(seed). */
export function analyzeCohort(cohort: MadeCohort, task: TaskDefinition, predictions: readonly FoldPredictions[], stats: StatsSettings, seed: number): TaskResult {
  return analyzeTask({ task, labels: cohort.labels, groups: cohort.groups, folds: cohort.folds, predictions, stats, rng: new Rng(seed) });
}
