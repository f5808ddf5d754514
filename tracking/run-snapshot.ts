// The one way both readers (file store, REST server) turn a run's info record and its params, tags and metric
// keys into a RunSnapshot, so the two back ends cannot drift in what a snapshot carries.
import type { RunSnapshot } from './reader.ts';

type RunInfoFields = Pick<RunSnapshot, 'runId' | 'experimentId' | 'runName' | 'status' | 'artifactUri' | 'lifecycleStage'>;

/** `info` may carry more (start time, user): only the snapshot's fields are copied. */
export function runSnapshot(info: RunInfoFields, contents: Pick<RunSnapshot, 'params' | 'tags' | 'metricKeys'>): RunSnapshot {
  return {
    runId: info.runId,
    experimentId: info.experimentId,
    runName: info.runName,
    status: info.status,
    artifactUri: info.artifactUri,
    lifecycleStage: info.lifecycleStage,
    params: contents.params,
    tags: contents.tags,
    metricKeys: contents.metricKeys,
  };
}
