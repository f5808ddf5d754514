// The fields of MLflow's experiment and run meta.yaml files and their value types, transcribed from
// mlflow/store/tracking/file_store.py (_create_experiment_with_id, _make_persisted_run_info_dict,
// create_run, _overwrite_run_info) and mlflow/entities/{experiment,run_info,run_status,source_type}.py.
import { TrackingError } from './errors.ts';
import type { MetaRecord } from './mlflow-yaml.ts';

export const RUN_STATUS_CODES = { RUNNING: 1, SCHEDULED: 2, FINISHED: 3, FAILED: 4, KILLED: 5 } as const;
export type RunStatusName = keyof typeof RUN_STATUS_CODES;
export const SOURCE_TYPE_LOCAL = 4;

export type LifecycleStage = 'active' | 'deleted';

export interface ExperimentInfo {
  experimentId: string;
  name: string;
  artifactLocation: string;
  lifecycleStage: LifecycleStage;
  creationTime: number;
  lastUpdateTime: number;
}

export interface RunInfo {
  runId: string;
  experimentId: string;
  runName: string;
  userId: string;
  status: RunStatusName;
  startTime: number;
  endTime: number | null;
  artifactUri: string;
  lifecycleStage: LifecycleStage;
}

/** dict(Experiment) without tags, as `_create_experiment_with_id` writes it. */
export function experimentMetaRecord(info: ExperimentInfo): MetaRecord {
  return {
    artifact_location: info.artifactLocation,
    creation_time: info.creationTime,
    experiment_id: info.experimentId,
    last_update_time: info.lastUpdateTime,
    lifecycle_stage: info.lifecycleStage,
    name: info.name,
  };
}

/**
 * `_make_persisted_run_info_dict`: dict(RunInfo) with status as its integer code and the legacy fields
 * old MLflow versions read. `create_run` adds `deleted_time: null`; `_overwrite_run_info` does not.
 */
export function runMetaRecord(info: RunInfo, withDeletedTime: boolean): MetaRecord {
  const record: MetaRecord = {
    artifact_uri: info.artifactUri,
    end_time: info.endTime,
    entry_point_name: '',
    experiment_id: info.experimentId,
    lifecycle_stage: info.lifecycleStage,
    run_id: info.runId,
    run_name: info.runName,
    run_uuid: info.runId,
    source_name: '',
    source_type: SOURCE_TYPE_LOCAL,
    source_version: '',
    start_time: info.startTime,
    status: RUN_STATUS_CODES[info.status],
    tags: [],
    user_id: info.userId,
  };
  if (withDeletedTime) record.deleted_time = null;
  return record;
}

function field<T>(data: Record<string, unknown>, key: string, file: string, check: (v: unknown) => v is T): T {
  const value = data[key];
  if (!check(value)) throw new TrackingError('CORRUPT_STORE', `${file}: field '${key}' is missing or has the wrong type.`);
  return value;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isInteger = (v: unknown): v is number => Number.isSafeInteger(v);
const isIdLike = (v: unknown): v is string | number | bigint =>
  typeof v === 'string' || typeof v === 'bigint' || Number.isSafeInteger(v);
const optionalTime = (v: unknown): number | null => (Number.isSafeInteger(v) ? (v as number) : null);

function lifecycle(data: Record<string, unknown>): LifecycleStage {
  // _read_persisted_run_info_dict defaults a missing stage to active.
  return data.lifecycle_stage === 'deleted' ? 'deleted' : 'active';
}

export function parseExperimentMeta(data: Record<string, unknown>, file: string): ExperimentInfo {
  return {
    // Legacy stores wrote experiment_id as an int; MLflow casts it to str on read.
    experimentId: String(field(data, 'experiment_id', file, isIdLike)),
    name: String(field(data, 'name', file, (v): v is unknown => v !== undefined && v !== null)),
    artifactLocation: field(data, 'artifact_location', file, isString),
    lifecycleStage: lifecycle(data),
    creationTime: optionalTime(data.creation_time) ?? 0,
    lastUpdateTime: optionalTime(data.last_update_time) ?? 0,
  };
}

export function parseRunMeta(data: Record<string, unknown>, file: string): RunInfo {
  const statusCode = data.status === undefined ? RUN_STATUS_CODES.RUNNING : field(data, 'status', file, isInteger);
  const status = (Object.keys(RUN_STATUS_CODES) as RunStatusName[]).find((name) => RUN_STATUS_CODES[name] === statusCode);
  if (status === undefined) throw new TrackingError('CORRUPT_STORE', `${file}: unknown run status ${statusCode}.`);
  const runId = String(field(data, 'run_id', file, isIdLike));
  return {
    runId,
    experimentId: String(field(data, 'experiment_id', file, isIdLike)),
    runName: typeof data.run_name === 'string' ? data.run_name : '',
    userId: typeof data.user_id === 'string' ? data.user_id : '',
    status,
    startTime: field(data, 'start_time', file, isInteger),
    endTime: optionalTime(data.end_time),
    artifactUri: typeof data.artifact_uri === 'string' ? data.artifact_uri : '',
    lifecycleStage: lifecycle(data),
  };
}
