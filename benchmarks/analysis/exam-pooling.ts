// Exam-level evaluation (MRNet, Bien et al. 2018: one label per exam, evidence on a few slices): slice-level
// class probabilities are pooled per exam — their mean, or the most abnormal slice's (max) — before metrics and
// tests, so an exam counts once however many slices it has. Patients stay the bootstrap clusters.
import type { FoldPredictions } from '../../dsl/results.ts';

export type ExamPooling = 'mean' | 'max';

export interface PooledExams {
  /** Exam ids in order of first appearance. */
  exams: string[];
  /** Indices (into the pooled input) of each exam's slices. */
  members: number[][];
  /** One probability vector per exam. */
  proba: number[][];
}

/**
 * Pools per exam. 'mean' averages the slices' probability vectors; 'max' takes the vector of the slice with the
 * highest 1 − p(first class), i.e. the most abnormal slice (for a binary task: max p(positive)), ties to the
 * earlier slice. Either way each exam's vector still sums to 1.
 */
export function poolExamScores(proba: readonly (readonly number[])[], exams: readonly string[], pooling: ExamPooling): PooledExams {
  if (proba.length !== exams.length) throw new RangeError(`probabilities and exams differ in length (${proba.length} vs ${exams.length})`);
  const order = new Map<string, number[]>();
  exams.forEach((exam, i) => order.set(exam, [...(order.get(exam) ?? []), i]));
  const members = [...order.values()];
  const pooled = members.map((slices) => (pooling === 'mean' ? meanVector(slices.map((i) => proba[i])) : [...proba[mostAbnormal(slices, proba)]]));
  return { exams: [...order.keys()], members, proba: pooled };
}

function meanVector(rows: readonly (readonly number[])[]): number[] {
  const out = new Array<number>(rows[0].length).fill(0);
  for (const row of rows) row.forEach((v, c) => (out[c] += v / rows.length));
  return out;
}

function mostAbnormal(slices: readonly number[], proba: readonly (readonly number[])[]): number {
  let best = slices[0];
  for (const i of slices) if (1 - proba[i][0] > 1 - proba[best][0]) best = i;
  return best;
}

function argmax(row: readonly number[]): number {
  let best = 0;
  for (let c = 1; c < row.length; c++) if (row[c] > row[best]) best = c;
  return best;
}

/** What the task analysis needs, at slice level in, at exam level out. */
export interface ExamLevelInput {
  labels: readonly number[];
  groups: readonly string[];
  folds: ReadonlyArray<{ train: readonly number[]; test: readonly number[] }>;
  predictions: readonly FoldPredictions[];
}

/** The exam index of every sample, and each exam's label and patient (which must agree over its slices). */
function examIndex(exams: readonly string[], labels: readonly number[], groups: readonly string[]): { examOfSample: number[]; first: number[] } {
  const indexOf = new Map<string, number>();
  const examOfSample = exams.map((exam) => {
    let e = indexOf.get(exam);
    if (e === undefined) {
      e = indexOf.size;
      indexOf.set(exam, e);
    }
    return e;
  });
  const first = [...indexOf.values()].map((e) => examOfSample.indexOf(e));
  exams.forEach((exam, i) => {
    const f = first[examOfSample[i]];
    if (labels[i] !== labels[f] || groups[i] !== groups[f]) {
      throw new RangeError(`exam "${exam}": samples ${f} and ${i} differ in ${labels[i] !== labels[f] ? 'label' : 'patient'}; an exam has one label and one patient`);
    }
  });
  return { examOfSample, first };
}

/** Sample indices → ascending exam indices, each once. */
function toExams(indices: readonly number[], examOfSample: readonly number[]): number[] {
  return [...new Set(indices.map((i) => examOfSample[i]))].sort((a, b) => a - b);
}

/**
 * Rewrites slice-level labels, patients, folds and out-of-fold predictions as exam-level ones (exam indices in
 * order of first appearance). An exam split over a fold's train and test parts is an error.
 */
export function poolByExam(input: ExamLevelInput, exams: readonly string[], pooling: ExamPooling): ExamLevelInput {
  if (exams.length !== input.labels.length) throw new RangeError(`exams and labels differ in length (${exams.length} vs ${input.labels.length})`);
  const { examOfSample, first } = examIndex(exams, input.labels, input.groups);
  const folds = input.folds.map((fold, f) => {
    const train = toExams(fold.train, examOfSample);
    const test = toExams(fold.test, examOfSample);
    const both = test.find((e) => train.includes(e));
    if (both !== undefined) throw new RangeError(`fold ${f}: exam "${exams[first[both]]}" has slices in both the train and test parts`);
    return { train, test };
  });
  const predictions = input.predictions.map((p) => {
    const pooled = poolExamScores(p.probabilities, p.testIndices.map((i) => exams[i]), pooling);
    const testIndices = pooled.members.map((slices) => examOfSample[p.testIndices[slices[0]]]);
    return { ...p, testIndices, probabilities: pooled.proba, predicted: pooled.proba.map(argmax) };
  });
  return { labels: first.map((i) => input.labels[i]), groups: first.map((i) => input.groups[i]), folds, predictions };
}
