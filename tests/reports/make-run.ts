// Hand-made runs for the compare/gate/report tests: one accuracy task per id, a chosen set of samples each
// model gets right, two folds, and a JobResult around them shaped like a real one.
import { DEFAULTS } from '../../dsl/defaults.ts';
import type { FoldPredictions, JobResult, TaskResult } from '../../dsl/results.ts';
import type { GateSpec } from '../../dsl/types.ts';
import type { RunEvidence, TaskEvidence } from '../../benchmarks/analysis/run-evidence.ts';

export interface MadeTask {
  id: string;
  /** Labels (0/1) by sample index. */
  labels: number[];
  /** Whether the pretrained model is right on each sample. */
  correct: boolean[];
  version?: number;
  primaryMetric?: string;
  /** Probability of class 1 per sample; defaults to 0.9/0.1 following the prediction. */
  scores?: number[];
}

function foldsOf(n: number): number[][] {
  const all = Array.from({ length: n }, (_, i) => i);
  return [all.filter((i) => i % 2 === 0), all.filter((i) => i % 2 === 1)];
}

function evidenceOf(task: MadeTask): TaskEvidence {
  const foldTests = foldsOf(task.labels.length);
  const predicted = task.labels.map((y, i) => (task.correct[i] ? y : 1 - y));
  const score = (i: number) => task.scores?.[i] ?? (predicted[i] === 1 ? 0.9 : 0.1);
  const predictions: FoldPredictions[] = foldTests.map((test, fold) => ({
    model: 'pretrained',
    fraction: 1,
    fold,
    testIndices: test,
    trainCount: task.labels.length - test.length,
    predicted: test.map((i) => predicted[i]),
    probabilities: test.map((i) => [1 - score(i), score(i)]),
  }));
  return { labels: task.labels, foldTests, predictions };
}

function taskResultOf(task: MadeTask, evidence: TaskEvidence): TaskResult {
  const accuracy = task.correct.filter(Boolean).length / task.correct.length;
  const ci = { lower: accuracy - 0.05, upper: accuracy + 0.05, confidence: 0.95, method: 'test' };
  return {
    task: task.id,
    taskVersion: task.version ?? 1,
    labels: ['no', 'yes'],
    primaryMetric: task.primaryMetric ?? 'accuracy',
    nSamples: task.labels.length,
    nPatients: task.labels.length,
    folds: evidence.foldTests.map((test, fold) => ({ fold, trainSamples: 0, testSamples: test.length, trainPatients: 0, testPatients: test.length })),
    scores: [{ model: 'pretrained', fraction: 1, metrics: [{ metric: 'accuracy', mean: accuracy, sd: 0, perFold: [accuracy, accuracy], pooled: accuracy, ci }] }],
    comparisons: [],
  };
}

export function makeRun(jobId: string, tasks: MadeTask[], gates: GateSpec[] = [], sweepPoint: Record<string, number> = {}): RunEvidence {
  const evidence: Record<string, TaskEvidence> = {};
  for (const task of tasks) evidence[task.id] = evidenceOf(task);
  const result: JobResult = {
    schemaVersion: 1,
    jobId,
    name: 'made-run',
    sweepPoint,
    spec: { ...DEFAULTS, name: 'made-run', description: 'a constructed run', stats: { ...DEFAULTS.stats, bootstrap: 200 }, gates },
    environment: { backend: 'cpu', node: 'v20', platform: 'linux', gitCommit: 'abc', orthobenchVersion: '0.1.0', startedAt: '', finishedAt: '', durationSec: 1 },
    datasets: tasks.map((t) => ({ task: t.id, source: 'made', manifest: '/nonexistent', nSamples: t.labels.length, nPatients: t.labels.length, classCounts: [0, 0] })),
    pretraining: { method: 'dino', steps: 2, wallSec: 1, imagesPerSec: 1, log: [] },
    tasks: tasks.map((t) => taskResultOf(t, evidence[t.id])),
    timings: {},
  };
  return { source: `made:${jobId}`, result, tasks: evidence };
}

/** n labels alternating 0/1. */
export function alternatingLabels(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i % 2);
}

/** Correct on every sample except the listed ones. */
export function correctExcept(n: number, wrong: Iterable<number>): boolean[] {
  const set = new Set(wrong);
  return Array.from({ length: n }, (_, i) => !set.has(i));
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
