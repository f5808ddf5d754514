// Exam-level evaluation: slice scores pooled per exam (mean, or the most abnormal slice) before metrics, worked by
// hand on a 4-exam example whose exam-level AUROC differs from the slice-level one.
import { describe, expect, it } from 'vitest';
import { analyzeTask } from '../../benchmarks/analysis/analyze-task.ts';
import { poolByExam, poolExamScores } from '../../benchmarks/analysis/exam-pooling.ts';
import { Rng } from '../../benchmarks/rng.ts';
import { getTask } from '../../benchmarks/tasks/registry.ts';
import type { FoldPredictions } from '../../dsl/results.ts';

describe('poolExamScores', () => {
  const proba = [[0.9, 0.1], [0.4, 0.6], [0.7, 0.3], [0.2, 0.8], [0.5, 0.5]];
  const exams = ['E1', 'E1', 'E2', 'E2', 'E2'];

  it('mean: the average probability vector of each exam', () => {
    const pooled = poolExamScores(proba, exams, 'mean');
    expect(pooled.exams).toEqual(['E1', 'E2']);
    expect(pooled.members).toEqual([[0, 1], [2, 3, 4]]);
    expect(pooled.proba[0][0]).toBeCloseTo(0.65, 12);
    expect(pooled.proba[0][1]).toBeCloseTo(0.35, 12);
    expect(pooled.proba[1][0]).toBeCloseTo(1.4 / 3, 12);
    expect(pooled.proba[1][1]).toBeCloseTo(1.6 / 3, 12);
  });

  it('max: the vector of the most abnormal slice (highest 1 − p(first class)), also for 3 classes', () => {
    expect(poolExamScores(proba, exams, 'max').proba).toEqual([[0.4, 0.6], [0.2, 0.8]]);
    expect(poolExamScores([[0.5, 0.3, 0.2], [0.2, 0.2, 0.6], [0.3, 0.6, 0.1]], ['E', 'E', 'E'], 'max').proba).toEqual([[0.2, 0.2, 0.6]]);
  });

  it('an exam with two labels, or split over train and test, is an error', () => {
    const base = { labels: [1, 0], groups: ['P1', 'P1'], folds: [], predictions: [] };
    expect(() => poolByExam(base, ['E', 'E'], 'mean')).toThrow('exam "E": samples 0 and 1 differ in label');
    const folds = [{ train: [0], test: [1] }];
    expect(() => poolByExam({ ...base, labels: [1, 1], folds }, ['E', 'E'], 'mean')).toThrow('fold 0: exam "E" has slices in both the train and test parts');
  });
});

describe('analyzeTask on an exam-level task (acl-tear)', () => {
  // Four exams of two slices, one patient each; p(tear) per slice. Exam labels: E1 tear, E2 intact, E3 tear, E4 intact.
  const labels = [1, 1, 0, 0, 1, 1, 0, 0];
  const groups = ['P1', 'P1', 'P2', 'P2', 'P3', 'P3', 'P4', 'P4'];
  const exams = ['E1', 'E1', 'E2', 'E2', 'E3', 'E3', 'E4', 'E4'];
  const tear = [0.9, 0.3, 0.2, 0.7, 0.4, 0.4, 0.1, 0.5];
  const folds = [{ train: [4, 5, 6, 7], test: [0, 1, 2, 3] }, { train: [0, 1, 2, 3], test: [4, 5, 6, 7] }];
  const predictions: FoldPredictions[] = folds.map((fold, f) => ({
    model: 'pretrained', fraction: 1, fold: f, testIndices: fold.test, trainCount: 4,
    probabilities: fold.test.map((i) => [1 - tear[i], tear[i]]), predicted: fold.test.map((i) => (tear[i] > 0.5 ? 1 : 0)),
  }));
  const analyse = (pooling?: 'mean' | 'max', withExams = true) => analyzeTask({
    task: getTask('acl-tear'), labels, groups, folds, predictions, stats: { alpha: 0.05, bootstrap: 200, confidence: 0.95 }, rng: new Rng(1),
    ...(withExams ? { exams } : {}), ...(pooling ? { examPooling: pooling } : {}),
  });
  const metric = (result: ReturnType<typeof analyzeTask>, id: string) => result.scores[0].metrics.find((m) => m.metric === id)!;

  it('mean pooling (default): exam scores 0.6, 0.45, 0.4, 0.3 → AUROC 3/4, accuracy 3/4, per exam', () => {
    const result = analyse();
    expect(metric(result, 'auroc').pooled).toBeCloseTo(0.75, 12);
    expect(metric(result, 'accuracy').pooled).toBeCloseTo(0.75, 12);
    expect(metric(result, 'auroc').perFold).toEqual([1, 1]);
    expect(result).toMatchObject({ nSamples: 8, nExams: 4, nPatients: 4, examPooling: 'mean' });
    expect(result.folds.map((f) => [f.trainSamples, f.testSamples])).toEqual([[2, 2], [2, 2]]);
  });

  it('max pooling: exam scores 0.9, 0.7, 0.4, 0.5 → AUROC 2/4', () => {
    expect(metric(analyse('max'), 'auroc').pooled).toBeCloseTo(0.5, 12);
  });

  it('without exam ids the slices are scored one by one (slice AUROC 10/16)', () => {
    const result = analyse(undefined, false);
    expect(metric(result, 'auroc').pooled).toBeCloseTo(10 / 16, 12);
    expect(result.nExams).toBeUndefined();
  });
});
