// The contract every tracking backend implements (MLflow file store today, the MLflow REST API later).
// Semantics follow MLflow's tracking API: params are immutable, metrics are append-only histories.

/** Value accepted for a param; stored as its string form (see `stringifyParamValue`). */
export type ParamValue = string | number | boolean;

/** One point of a metric's history. `timestamp` is epoch milliseconds and defaults to now. */
export interface MetricPoint {
  key: string;
  value: number;
  step: number;
  timestamp?: number;
}

/** Final states a run can be ended in (MLflow's RunStatus minus RUNNING/SCHEDULED). */
export type EndStatus = 'FINISHED' | 'FAILED' | 'KILLED';

export interface CreateRunOptions {
  runName: string;
  /** Epoch milliseconds; defaults to now. */
  startTime?: number;
  /** Extra run tags, e.g. `mlflow.source.git.commit` or `orthobench.jobId`. */
  tags?: Record<string, string>;
  /** Makes this a nested run (MLflow tag `mlflow.parentRunId`). */
  parentRunId?: string;
}

export interface ResumeRunOptions {
  /**
   * Drop the metric history logged so far, so that logging the job again does not duplicate points.
   * Params and tags are kept (params are immutable, so a re-logged job must log the same values).
   */
  discardMetrics?: boolean;
}

/** A run being logged to. Every method is async so a network backend fits the same shape. */
export interface TrackedRun {
  readonly runId: string;
  readonly experimentId: string;
  /** Throws if a key was already logged with a different value (MLflow params are immutable). */
  logParams(params: Record<string, ParamValue>): Promise<void>;
  logMetrics(points: MetricPoint[]): Promise<void>;
  setTags(tags: Record<string, string>): Promise<void>;
  /** Writes `content` to `relativePath` under the run's artifact root. */
  logArtifact(relativePath: string, content: string | Uint8Array): Promise<void>;
  /** Copies the file at `sourcePath` to `relativePath` under the run's artifact root. */
  logArtifactFile(relativePath: string, sourcePath: string): Promise<void>;
  /** Records the final status and end time (epoch ms, defaults to now). */
  end(status: EndStatus, endTime?: number): Promise<void>;
}

export interface TrackingSink {
  /** Id of the active experiment with this name, created if absent; safe to call concurrently. */
  getOrCreateExperiment(name: string): Promise<string>;
  createRun(experimentId: string, options: CreateRunOptions): Promise<TrackedRun>;
  /** The most recently started active run whose tag `key` equals `value`, if any. */
  findRunByTag(experimentId: string, key: string, value: string): Promise<string | undefined>;
  /** Reopens an existing run (status back to RUNNING) so a resumed job keeps its run id. */
  resumeRun(experimentId: string, runId: string, options?: ResumeRunOptions): Promise<TrackedRun>;
  /** One line for logs and reports, e.g. "MLflow file store at /abs/mlruns". */
  describe(): string;
}
