// What compare and gate need from a finished job beyond result.json: per task the true labels, the folds and
// the out-of-fold predictions, so that two runs can be tested against each other on the same samples.
import type { FoldPredictions, JobResult, ModelKind } from '../../dsl/results.ts';

export interface TaskEvidence {
  /** True label of every dataset sample, by sample index. */
  labels: number[];
  /**
   * Patient id of every dataset sample, by sample index, so bootstraps resample patients. Absent in baseline
   * bundles written before patient ids were stored; such runs fall back to resampling samples.
   */
  groups?: string[];
  /** Test sample indices of each fold, in fold order. */
  foldTests: number[][];
  predictions: FoldPredictions[];
}

export interface RunEvidence {
  /** Where the run came from (a folder or a bundle file), for messages. */
  source: string;
  result: JobResult;
  tasks: Record<string, TaskEvidence>;
}

/** The predictions that carry a run's headline: one model at one label fraction. */
export interface Headline {
  model: ModelKind;
  fraction: number;
}

/** The patient ids of a task's samples from whichever run has them (comparable runs share their samples). */
export function sharedGroups(a: TaskEvidence, b: TaskEvidence): string[] | undefined {
  return a.groups ?? b.groups;
}

/** Out-of-fold predictions of one model at one fraction, pooled and ordered by sample index. */
export interface PooledPredictions {
  indices: number[];
  predicted: number[];
  probabilities: number[][];
}

export function poolPredictions(evidence: TaskEvidence, headline: Headline): PooledPredictions | undefined {
  const parts = evidence.predictions.filter((p) => p.model === headline.model && p.fraction === headline.fraction);
  if (parts.length === 0) return undefined;
  const rows = parts.flatMap((p) => p.testIndices.map((index, i) => ({ index, predicted: p.predicted[i], proba: p.probabilities[i] })));
  rows.sort((a, b) => a.index - b.index);
  return { indices: rows.map((r) => r.index), predicted: rows.map((r) => r.predicted), probabilities: rows.map((r) => r.proba) };
}
