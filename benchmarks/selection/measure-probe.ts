// The measured transferability a selection is checked against: the linear probe of `bench run` (λ chosen per fold
// on an inner patient split, ../probe/grid-probe.ts) under patient-grouped k-fold cross-validation on every label,
// scored by the task's primary metric on the pooled out-of-fold predictions (per exam for exam-level tasks).
import { poolExamScores, type ExamPooling } from '../analysis/exam-pooling.ts';
import { getSampleMetric } from '../analysis/metric-registry.ts';
import { fitGridProbe } from '../probe/grid-probe.ts';
import { predictProba } from '../probe/logistic-regression.ts';
import type { FeatureMatrix } from '../probe/standardize.ts';
import type { Rng } from '../rng.ts';
import type { Fold } from '../splits/grouped-kfold.ts';

export interface ProbeSettings {
  l2Grid: readonly number[];
  l2: number;
  validationFraction: number;
  maxIter: number;
}

export interface ProbeMeasureInput {
  features: FeatureMatrix;
  labels: readonly number[];
  groups: readonly string[];
  numClasses: number;
  /** Metric id of the metric registry (the task's primary metric). */
  metric: string;
  /** The same folds for every candidate, so their measurements differ only by the features. */
  folds: readonly Fold[];
  probe: ProbeSettings;
  /** Draws each fold's inner validation split; pass the same seed for every candidate. */
  rng: Rng;
  /** Exam of each sample, for a task scored per exam: slice probabilities are pooled per exam first. */
  exams?: readonly string[];
  examPooling?: ExamPooling;
}

export interface ProbeMeasurement {
  metric: string;
  /** The metric over the pooled out-of-fold predictions of all folds (NaN where the metric is undefined). */
  pooled: number;
  perFold: number[];
  /** λ chosen in each fold. */
  l2: number[];
}

export function measureLinearProbe(input: ProbeMeasureInput): ProbeMeasurement {
  const { features, labels, groups, folds } = input;
  const probabilities: number[][] = new Array<number[]>(labels.length);
  const perFold: number[] = [];
  const l2: number[] = [];
  folds.forEach((fold, f) => {
    const { probe, choice } = fitGridProbe(features, labels, groups, fold.train, {
      numClasses: input.numClasses,
      grid: input.probe.l2Grid,
      l2: input.probe.l2,
      validationFraction: input.probe.validationFraction,
      maxIter: input.probe.maxIter,
      rng: input.rng.fork(`inner-split:${f}`),
    });
    const predicted = predictProba(probe, fold.test.map((i) => features[i]));
    fold.test.forEach((sample, row) => (probabilities[sample] = predicted[row]));
    perFold.push(scoreAtTaskUnit(input, fold.test, predicted));
    l2.push(choice.l2);
  });
  const tested = folds.flatMap((fold) => fold.test).sort((a, b) => a - b);
  const pooled = scoreAtTaskUnit(input, tested, tested.map((i) => probabilities[i]));
  return { metric: input.metric, pooled, perFold, l2 };
}

/** The metric on these samples' probabilities, after pooling slices per exam when the task is exam-level. */
function scoreAtTaskUnit(input: ProbeMeasureInput, samples: readonly number[], proba: readonly number[][]): number {
  const metric = getSampleMetric(input.metric);
  if (input.exams === undefined) {
    const yTrue = samples.map((i) => input.labels[i]);
    return metric({ yTrue, yPred: proba.map(argmax), proba: proba.map((p) => [...p]), numClasses: input.numClasses });
  }
  const exams = input.exams;
  const pooled = poolExamScores(proba, samples.map((i) => exams[i]), input.examPooling ?? 'mean');
  const yTrue = pooled.members.map((slices) => input.labels[samples[slices[0]]]);
  return metric({ yTrue, yPred: pooled.proba.map(argmax), proba: pooled.proba, numClasses: input.numClasses });
}

function argmax(row: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}
