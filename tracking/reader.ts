// Reading logged runs back, the same way from the file store and from a tracking server: what
// `bench gate --baseline <run id>` needs to rebuild a baseline, and what the parity test compares.
// Shapes follow MLflow's GetRun / GetMetricHistory / ListArtifacts answers (mlflow/protos/service.proto).

export interface RunSnapshot {
  runId: string;
  experimentId: string;
  runName: string;
  /** MLflow's status name: RUNNING, FINISHED, FAILED, KILLED, SCHEDULED. */
  status: string;
  artifactUri: string;
  lifecycleStage: string;
  params: Record<string, string>;
  tags: Record<string, string>;
  /** Every metric key the run has, sorted. */
  metricKeys: string[];
}

export interface StoredMetricPoint {
  value: number;
  step: number;
  timestamp: number;
}

/** One entry of an artifact folder; `path` is relative to the run's artifact root, '/'-separated. */
export interface ArtifactEntry {
  path: string;
  isDir: boolean;
  /** Bytes; absent for folders. */
  size?: number;
}

export interface TrackingReader {
  /** One line for messages, e.g. "MLflow file store at /abs/mlruns". */
  describe(): string;
  /** undefined when the store has no run with this id. */
  getRun(runId: string): Promise<RunSnapshot | undefined>;
  /** Every point of one metric, in logging order. */
  getMetricHistory(runId: string, key: string): Promise<StoredMetricPoint[]>;
  /** The entries directly under `path` (the artifact root when omitted), like MLflow's ListArtifacts. */
  listArtifacts(runId: string, path?: string): Promise<ArtifactEntry[]>;
  /** The artifact's bytes, or undefined when the run has no such file. */
  readArtifact(runId: string, path: string): Promise<Uint8Array | undefined>;
}

/** Every artifact file of a run (folders walked), sorted by path. */
export async function listArtifactFiles(reader: TrackingReader, runId: string, path?: string): Promise<ArtifactEntry[]> {
  const files: ArtifactEntry[] = [];
  for (const entry of await reader.listArtifacts(runId, path)) {
    if (entry.isDir) files.push(...(await listArtifactFiles(reader, runId, entry.path)));
    else files.push(entry);
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
