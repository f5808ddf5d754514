// Public surface of the MLflow REST backend: the sink, the client under it, spool replay for
// `bench sync`, and the tracking-target resolution from spec and environment.
export { RestSink, type RestSinkOptions } from './rest-sink.ts';
export { RestReader } from './rest-reader.ts';
export { MlflowRestClient, type MlflowRestClientOptions, type HistoryPoint, type CreateRunRequest, type SearchRunsQuery } from './client.ts';
export { credentialsFromEnv, type Credentials, type TrackingEnv } from './auth.ts';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.ts';
export { splitLogBatch, type LogBatchContent } from './batch.ts';
export { encodeMetricValue, type RunRecord, type RunInfo, type ExperimentRecord } from './wire.ts';
export { CLIENT_RUN_KEY_TAG } from './run-tags.ts';
export { SPOOL_FOLDER } from './spool-format.ts';
export { replaySpool, replaySpoolFiles, listSpoolFiles, type ReplayTarget, type ReplayReport, type ReplayedFile } from './replay.ts';
export { syncSpool, summarizeReplay, type SyncOptions, type SyncSummary } from './sync.ts';
export { resolveTrackingTarget, DEFAULT_TRACKING_URI, type TrackingTarget, type TargetSource } from './target.ts';
