// JSON shapes of MLflow's REST API (mlflow/protos/service.proto) and their decoding. The server
// writes proto JSON: int64 fields as numbers (MLflow's message_to_json) or strings (plain protobuf),
// doubles NaN/±Infinity as the strings "NaN"/"Infinity"/"-Infinity", and omits empty repeated fields.
import { TrackingError } from '../errors.ts';

export type WireMetricValue = number | 'NaN' | 'Infinity' | '-Infinity';

export interface WireKeyValue {
  key: string;
  value: string;
}

export interface WireMetric {
  key: string;
  value: WireMetricValue;
  timestamp: number;
  step: number;
}

export interface RunInfo {
  runId: string;
  experimentId: string;
  runName: string;
  userId: string;
  status: string;
  startTime: number | undefined;
  endTime: number | undefined;
  artifactUri: string;
  lifecycleStage: string;
}

export interface RunRecord {
  info: RunInfo;
  params: Record<string, string>;
  tags: Record<string, string>;
  /** Latest value of each metric, as runs/get reports it. */
  latestMetrics: Record<string, { value: number; step: number; timestamp: number }>;
}

export interface ExperimentRecord {
  experimentId: string;
  name: string;
  artifactLocation: string;
  lifecycleStage: string;
}

/** JSON has no NaN or Infinity; proto JSON spells them as strings. */
export function encodeMetricValue(value: number): WireMetricValue {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

type Json = Record<string, unknown>;

function malformed(what: string, detail: string): TrackingError {
  return new TrackingError('REMOTE_ERROR', `Unexpected ${what} from the MLflow server: ${detail}.`);
}

export function asObject(value: unknown, what: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw malformed(what, 'expected an object');
  return value as Json;
}

function str(obj: Json, field: string, what: string, fallback?: string): string {
  const value = obj[field];
  if (typeof value === 'string') return value;
  if (value === undefined && fallback !== undefined) return fallback;
  throw malformed(what, `field '${field}' should be a string`);
}

function optionalInt(obj: Json, field: string, what: string): number | undefined {
  const value = obj[field];
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw malformed(what, `field '${field}' should be an integer`);
  return n;
}

export function decodeMetricValue(value: unknown, what: string): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN' || value === 'nan') return NaN;
  if (value === 'Infinity' || value === 'inf') return Infinity;
  if (value === '-Infinity' || value === '-inf') return -Infinity;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  throw malformed(what, `metric value ${JSON.stringify(value)} is not a number`);
}

export function list(obj: Json, field: string, what: string): unknown[] {
  const value = obj[field];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw malformed(what, `field '${field}' should be a list`);
  return value;
}

function keyValues(items: unknown[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const kv = asObject(item, what);
    out[str(kv, 'key', what)] = str(kv, 'value', what, '');
  }
  return out;
}

export function decodeMetric(value: unknown, what: string): { key: string; value: number; step: number; timestamp: number } {
  const m = asObject(value, what);
  return {
    key: str(m, 'key', what),
    value: decodeMetricValue(m.value, what),
    step: optionalInt(m, 'step', what) ?? 0,
    timestamp: optionalInt(m, 'timestamp', what) ?? 0,
  };
}

export function decodeRunInfo(value: unknown, what = 'run info'): RunInfo {
  const info = asObject(value, what);
  const runId = typeof info.run_id === 'string' ? info.run_id : str(info, 'run_uuid', what);
  return {
    runId,
    experimentId: str(info, 'experiment_id', what),
    runName: str(info, 'run_name', what, ''),
    userId: str(info, 'user_id', what, ''),
    status: str(info, 'status', what, 'RUNNING'),
    startTime: optionalInt(info, 'start_time', what),
    endTime: optionalInt(info, 'end_time', what),
    artifactUri: str(info, 'artifact_uri', what, ''),
    lifecycleStage: str(info, 'lifecycle_stage', what, 'active'),
  };
}

export function decodeRun(value: unknown, what = 'run'): RunRecord {
  const run = asObject(value, what);
  const data = run.data === undefined ? {} : asObject(run.data, what);
  const latestMetrics: RunRecord['latestMetrics'] = {};
  for (const item of list(data, 'metrics', what)) {
    const { key, ...point } = decodeMetric(item, what);
    latestMetrics[key] = point;
  }
  return {
    info: decodeRunInfo(run.info, what),
    params: keyValues(list(data, 'params', what), what),
    tags: keyValues(list(data, 'tags', what), what),
    latestMetrics,
  };
}

export function decodeExperiment(value: unknown, what = 'experiment'): ExperimentRecord {
  const e = asObject(value, what);
  return {
    experimentId: str(e, 'experiment_id', what),
    name: str(e, 'name', what),
    artifactLocation: str(e, 'artifact_location', what, ''),
    lifecycleStage: str(e, 'lifecycle_stage', what, 'active'),
  };
}

/** A FileInfo of ListArtifacts: `file_size` is int64 (a number or a string) and absent for folders. */
export function decodeFileInfo(value: unknown, what: string): { path: string; isDir: boolean; size?: number } {
  const info = asObject(value, what);
  const size = optionalInt(info, 'file_size', what);
  const isDir = info.is_dir === true;
  return { path: str(info, 'path', what), isDir, ...(isDir || size === undefined ? {} : { size }) };
}

/** Proto JSON leaves an unset string field out; an empty token means "no more pages" as well. */
export function nextPageToken(obj: Json): string | undefined {
  const token = obj.next_page_token;
  return typeof token === 'string' && token !== '' ? token : undefined;
}
