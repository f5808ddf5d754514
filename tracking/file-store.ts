// TrackingSink writing MLflow's local file store (`mlruns/`), readable by `mlflow ui --backend-store-uri
// ./mlruns`. Layout and run creation follow mlflow/store/tracking/file_store.py (FileStore.create_run):
// <root>/<experiment>/<run>/{meta.yaml, metrics/, params/, tags/, artifacts/}, run id = uuid4 hex.
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { TrackingError } from './errors.ts';
import { ensureStoreRoot, getActiveExperiment, getOrCreateExperiment } from './experiments.ts';
import { FileTrackedRun, readRunInfo, RUN_NAME_TAG, updateRunInfo } from './file-run.ts';
import { fileUriToPath } from './file-uri.ts';
import { deleteRunMetrics, findRunByTag } from './find-runs.ts';
import { runMetaRecord, type RunInfo } from './meta-records.ts';
import { validateRunId } from './names.ts';
import type { CreateRunOptions, ResumeRunOptions, TrackedRun, TrackingSink } from './sink.ts';
import { writeMeta } from './store-io.ts';

export interface FileStoreOptions {
  /** Epoch-ms clock; injectable so tests can compare files byte for byte. */
  now?: () => number;
  /** Run id generator; MLflow uses uuid4 hex. */
  newRunId?: () => string;
  /** `user_id` and `mlflow.user`; defaults to the OS user name, else 'unknown'. */
  user?: string;
  /** `mlflow.source.name`; defaults to the entry script (process.argv[1]). */
  sourceName?: string;
}

function currentUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

function localArtifactDir(artifactUri: string): string | undefined {
  return artifactUri.startsWith('file:') ? fileUriToPath(artifactUri) : undefined;
}

export class FileStoreSink implements TrackingSink {
  readonly rootDir: string;
  private readonly now: () => number;
  private readonly newRunId: () => string;
  private readonly user: string;
  private readonly sourceName: string;

  constructor(rootDir: string, options: FileStoreOptions = {}) {
    this.rootDir = resolve(rootDir);
    this.now = options.now ?? Date.now;
    this.newRunId = options.newRunId ?? (() => randomUUID().replaceAll('-', ''));
    this.user = options.user ?? currentUser();
    this.sourceName = options.sourceName ?? process.argv[1] ?? 'orthobench';
  }

  describe(): string {
    return `MLflow file store at ${this.rootDir}`;
  }

  async getOrCreateExperiment(name: string): Promise<string> {
    return getOrCreateExperiment(this.rootDir, name, this.now());
  }

  async createRun(experimentId: string, options: CreateRunOptions): Promise<TrackedRun> {
    const experiment = await getActiveExperiment(this.rootDir, experimentId);
    const tags = this.runTags(options);
    const runId = this.newRunId();
    validateRunId(runId);
    const info: RunInfo = {
      runId,
      experimentId,
      runName: options.runName,
      userId: this.user,
      status: 'RUNNING',
      startTime: options.startTime ?? this.now(),
      endTime: null,
      artifactUri: `${experiment.artifactLocation}/${runId}/artifacts`,
      lifecycleStage: 'active',
    };
    const runDir = join(experiment.dir, runId);
    await ensureStoreRoot(this.rootDir, this.now());
    try {
      await mkdir(runDir); // not recursive: an id clash must fail, not merge two runs
    } catch (error) {
      throw new TrackingError('CONFLICT', `Run folder ${runDir} already exists.`, { cause: error });
    }
    await writeMeta(runDir, runMetaRecord(info, true));
    for (const sub of ['metrics', 'params', 'artifacts']) await mkdir(join(runDir, sub));
    const run = new FileTrackedRun(runDir, info, localArtifactDir(info.artifactUri), this.now);
    await run.setTags(tags);
    return run;
  }

  async findRunByTag(experimentId: string, key: string, value: string): Promise<string | undefined> {
    return (await findRunByTag(this.rootDir, experimentId, key, value))?.runId;
  }

  async resumeRun(experimentId: string, runId: string, options: ResumeRunOptions = {}): Promise<TrackedRun> {
    const experiment = await getActiveExperiment(this.rootDir, experimentId);
    validateRunId(runId);
    const runDir = join(experiment.dir, runId);
    const info = await readRunInfo(runDir);
    if (info.runId !== runId || info.experimentId !== experimentId || info.lifecycleStage !== 'active') {
      throw new TrackingError('NOT_FOUND', `No active run ${runId} in experiment ${experimentId} of ${this.rootDir}.`);
    }
    if (options.discardMetrics) await deleteRunMetrics(this.rootDir, experimentId, runId);
    await updateRunInfo(runDir, { status: 'RUNNING', endTime: null });
    return new FileTrackedRun(runDir, info, localArtifactDir(info.artifactUri), this.now);
  }

  /** System tags first, then the caller's, then the ones the options imply (they must agree). */
  private runTags(options: CreateRunOptions): Record<string, string> {
    const callerTags = options.tags ?? {};
    const callerName = callerTags[RUN_NAME_TAG];
    if (callerName !== undefined && callerName !== options.runName) {
      throw new TrackingError(
        'INVALID_VALUE',
        `runName '${options.runName}' and tag ${RUN_NAME_TAG} '${callerName}' disagree (MLflow rejects this too).`,
      );
    }
    if (typeof options.runName !== 'string' || options.runName === '') {
      throw new TrackingError('INVALID_VALUE', 'A run needs a non-empty runName.');
    }
    const tags: Record<string, string> = {
      'mlflow.user': this.user,
      'mlflow.source.name': this.sourceName,
      'mlflow.source.type': 'LOCAL',
      ...callerTags,
      [RUN_NAME_TAG]: options.runName,
    };
    if (options.parentRunId !== undefined) {
      validateRunId(options.parentRunId);
      tags['mlflow.parentRunId'] = options.parentRunId;
    }
    return tags;
  }
}
