// One model's outputs read from a stats table: true labels, predicted classes, binary scores or class
// probabilities. Model B of a paired test reads the same columns with a "B" suffix. Predicted classes missing
// from the table are derived (argmax of probabilities, or score ≥ threshold) so one file serves every metric.
import type { StatOptions } from './stat-entry.ts';
import { StatInputError, type StatTable } from './stat-table.ts';

export type ModelSide = 'A' | 'B';

export interface ModelOutputs {
  yTrue: number[];
  numClasses: number;
  /** Predicted classes: the predictions column, else derived from probabilities or scores. */
  yPred?: number[];
  /** Score of class 1 of a binary task (a probability or any monotone score). */
  scores?: number[];
  /** Class probabilities, one row per sample. */
  proba?: number[][];
  /** How yPred was obtained, for the result's details. */
  predictionSource?: string;
}

export function columnName(base: 'predictions' | 'scores' | 'probabilities', side: ModelSide): string {
  return side === 'A' ? base : `${base}B`;
}

/** Reads labels plus whichever of predictions/scores/probabilities the table has for one model. */
export function readModelOutputs(table: StatTable, options: Pick<StatOptions, 'classes' | 'threshold'>, side: ModelSide = 'A'): ModelOutputs {
  const predictionsColumn = columnName('predictions', side);
  const scoresColumn = columnName('scores', side);
  const probabilitiesColumn = columnName('probabilities', side);
  const present = ['labels', predictionsColumn, scoresColumn, probabilitiesColumn].filter((name) => table.has(name));
  if (!table.has('labels') || present.length < 2) {
    throw new StatInputError(
      `${table.source}: needs a "labels" column and one of "${predictionsColumn}", "${scoresColumn}", "${probabilitiesColumn}" (columns present: ${table.names().join(', ')})`,
    );
  }
  table.rowCount(present);
  const yTrue = table.classIndices('labels');
  const yPredGiven = table.has(predictionsColumn) ? table.classIndices(predictionsColumn) : undefined;
  const scores = table.has(scoresColumn) ? table.numbers(scoresColumn) : undefined;
  const proba = table.has(probabilitiesColumn) ? table.vectors(probabilitiesColumn) : undefined;
  const numClasses = classCount(table, options.classes, yTrue, yPredGiven, proba);
  if (scores && numClasses > 2) {
    throw new StatInputError(`${table.source}: column "${scoresColumn}" is the score of class 1 of a binary task, but there are ${numClasses} classes; give "${probabilitiesColumn}"`);
  }
  const derived = yPredGiven ? undefined : derivePredictions(scores, proba, options.threshold ?? 0.5, probabilitiesColumn, scoresColumn);
  return {
    yTrue,
    numClasses,
    yPred: yPredGiven ?? derived?.yPred,
    scores: scores ?? (proba && numClasses === 2 ? proba.map((row) => row[1]) : undefined),
    proba,
    predictionSource: yPredGiven ? `column ${predictionsColumn}` : derived?.source,
  };
}

/** The outputs restricted to (or resampled at) the given sample indices. */
export function subsetOutputs(outputs: ModelOutputs, indices: readonly number[]): ModelOutputs {
  const pick = <T>(values: readonly T[] | undefined): T[] | undefined => values && indices.map((i) => values[i]);
  return { ...outputs, yTrue: indices.map((i) => outputs.yTrue[i]), yPred: pick(outputs.yPred), scores: pick(outputs.scores), proba: pick(outputs.proba) };
}

function classCount(
  table: StatTable,
  given: number | undefined,
  yTrue: readonly number[],
  yPred: readonly number[] | undefined,
  proba: readonly number[][] | undefined,
): number {
  // A loop, not Math.max(...spread): spreading a long column overflows the call stack.
  let largest = 0;
  for (const c of [yTrue, yPred ?? []]) for (const value of c) largest = Math.max(largest, value);
  const width = proba?.[0]?.length;
  const k = given ?? width ?? Math.max(2, largest + 1);
  if (width !== undefined && width !== k) throw new StatInputError(`${table.source}: --classes ${k} but the probability rows have ${width} entries`);
  if (largest >= k) throw new StatInputError(`${table.source}: class index ${largest} appears, but there are only ${k} classes (0 … ${k - 1})`);
  return k;
}

function derivePredictions(
  scores: readonly number[] | undefined,
  proba: readonly number[][] | undefined,
  threshold: number,
  probabilitiesColumn: string,
  scoresColumn: string,
): { yPred: number[]; source: string } | undefined {
  if (proba) {
    return { yPred: proba.map((row) => row.reduce((best, p, c) => (p > row[best] ? c : best), 0)), source: `argmax of ${probabilitiesColumn}` };
  }
  if (scores) return { yPred: scores.map((s) => (s >= threshold ? 1 : 0)), source: `${scoresColumn} ≥ ${threshold}` };
  return undefined;
}

/** The predicted classes, or an input error naming what to add. */
export function requirePredictions(outputs: ModelOutputs, source: string, side: ModelSide = 'A'): number[] {
  if (outputs.yPred) return outputs.yPred;
  throw new StatInputError(`${source}: needs "${columnName('predictions', side)}" (or scores/probabilities to derive them)`);
}
