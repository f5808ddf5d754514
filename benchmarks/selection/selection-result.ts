// What `bench select` produces (select-result.json, `--json`, the MLflow artifact): the candidates as loaded, each
// one's estimator scores and measured probe metric, and the rankings with their agreement. JSON has no NaN:
// undefined numbers are written as null.
import type { BackbonePreset } from '../../dsl/types.ts';
import type { EstimatorId } from '../transferability/index.ts';
import type { ProbeMeasurement } from './measure-probe.ts';
import type { EstimatorScore } from './score-estimators.ts';
import type { SelectionSummary } from './summarize-selection.ts';

export const SELECTION_SCHEMA_VERSION = 1;

export interface SelectedCandidate {
  name: string;
  /** As written in the spec (or inherited from backbone.init): "random", a checkpoint path or "job:<spec>". */
  init: string;
  /** The checkpoint file read, for a checkpoint or job candidate. */
  checkpoint?: string;
  /** The job a "job:" candidate resolved to. */
  jobId?: string;
  /** Absent for a checkpoint whose width, depth and MLP width match no preset (featureDim gives its width). */
  preset?: BackbonePreset;
  patchSize: number;
  featureDim: number;
  scores: EstimatorScore[];
  /** The linear probe's result when measure = linear-probe. */
  measured?: ProbeMeasurement;
  featureSeconds: number;
}

export interface SelectionResult {
  schemaVersion: typeof SELECTION_SCHEMA_VERSION;
  /** Hash of everything the selection computed from (resolved spec, select section, resolved candidates). */
  selectionId: string;
  name: string;
  description: string;
  seed: number;
  task: { id: string; version: number; primaryMetric: string; unit: 'image' | 'exam'; numClasses: number };
  data: { source: string; nSamples: number; nPatients: number };
  estimators: EstimatorId[];
  /** How the aggregate ranking is made. */
  aggregate: 'mean-rank';
  measure: 'none' | 'linear-probe';
  /** Folds of the patient-grouped cross-validation, when measured. */
  folds?: number;
  candidates: SelectedCandidate[];
  summary: SelectionSummary;
  environment: { backend: string; gitCommit: string; startedAt: string; finishedAt: string; durationSec: number };
}

/** Pretty JSON with NaN and ±Infinity as null. */
export function selectionResultJson(result: SelectionResult): string {
  return `${JSON.stringify(result, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`;
}
