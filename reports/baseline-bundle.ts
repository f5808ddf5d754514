// A committed gate baseline: one JSON file holding a job's result.json plus, per task, the true labels, patient
// ids, the folds' test samples and the out-of-fold predictions, so `bench gate` needs neither the run folder nor
// the data. `bench run` logs the same file to MLflow as BASELINE_ARTIFACT. Patient ids were added without a
// version bump: bundles without them still load, and their comparisons resample samples (and say so).
import type { JobResult } from '../dsl/results.ts';
import type { RunEvidence, TaskEvidence } from '../benchmarks/analysis/run-evidence.ts';

export const BASELINE_FORMAT = 'orthobench-baseline';
export const BASELINE_VERSION = 1;
/** The artifact path of a job's bundle in its MLflow run. */
export const BASELINE_ARTIFACT = 'baseline-bundle.json';

export interface BaselineBundle {
  format: typeof BASELINE_FORMAT;
  version: number;
  /** The job's result.json, unchanged. */
  result: JobResult;
  /** Task id → labels (and patient ids) by sample index, each fold's test indices, and every FoldPredictions file. */
  tasks: Record<string, TaskEvidence>;
}

export function isBaselineBundle(value: unknown): value is BaselineBundle {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return record.format === BASELINE_FORMAT && record.version === BASELINE_VERSION && typeof record.result === 'object' && typeof record.tasks === 'object';
}

export function toBaselineBundle(evidence: RunEvidence): BaselineBundle {
  return { format: BASELINE_FORMAT, version: BASELINE_VERSION, result: evidence.result, tasks: evidence.tasks };
}
