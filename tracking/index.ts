// Public surface of the tracking layer: the sink contract, the backends, readers that read runs back,
// and the param flattening used to log a resolved spec. Imports nothing outside node built-ins and `yaml`
// (REST uses global fetch).
export type { CreateRunOptions, EndStatus, MetricPoint, ParamValue, ResumeRunOptions, TrackedRun, TrackingSink } from './sink.ts';
export { TrackingError, isTrackingError, type TrackingErrorCode } from './errors.ts';
export { openSink, type OpenSinkOptions } from './uri.ts';
export { FileStoreSink, type FileStoreOptions } from './file-store.ts';
export { NullSink } from './null-sink.ts';
export { listArtifactFiles, type ArtifactEntry, type RunSnapshot, type StoredMetricPoint, type TrackingReader } from './reader.ts';
export { FileStoreReader } from './file-reader.ts';
export { openReader, type OpenReaderOptions } from './open-reader.ts';
export { flattenParams, stringifyParamValue } from './flatten.ts';
export { deleteRunMetrics, findRunByTag, listRuns, type StoredRun } from './find-runs.ts';
export { listExperiments, type StoredExperiment } from './experiments.ts';
export { MAX_ENTITY_KEY_LENGTH, MAX_PARAM_VALUE_LENGTH, MAX_TAG_VALUE_LENGTH, validateKey } from './names.ts';
export {
  RestSink,
  type RestSinkOptions,
  RestReader,
  MlflowRestClient,
  CLIENT_RUN_KEY_TAG,
  SPOOL_FOLDER,
  replaySpool,
  syncSpool,
  summarizeReplay,
  resolveTrackingTarget,
  DEFAULT_TRACKING_URI,
  type ReplayReport,
  type SyncOptions,
  type SyncSummary,
  type TrackingTarget,
} from './rest/index.ts';
