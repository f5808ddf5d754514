// TrackingSink for an MLflow tracking server (`tracking.uri: http://host:5000`). While the server
// answers, everything goes straight to it; after a call fails for good the sink turns offline for the
// rest of the process and, if a spool folder is set, spools every later call to disk for `bench sync`.
// Every run carries the tag orthobench.clientRunKey, so a retried or replayed create never duplicates it.
import { randomUUID } from 'node:crypto';
import { TrackingError, isTrackingError } from '../errors.ts';
import { validateExperimentName, validateRunId } from '../names.ts';
import type { CreateRunOptions, ResumeRunOptions, TrackedRun, TrackingSink } from '../sink.ts';
import { MlflowRestClient, tagFilter, type HistoryPoint, type MlflowRestClientOptions } from './client.ts';
import { HistoryFilter, byStepAndValue } from './history-filter.ts';
import { clientKeyOfOfflineRunId, isOfflineExperimentId, offlineExperimentId, offlineRunId } from './offline-ids.ts';
import { RestTrackedRun, type RestRunState, type RunContext } from './rest-run.ts';
import { CLIENT_RUN_KEY_TAG, PARENT_RUN_TAG, USER_TAG, currentUser, runCreationTags } from './run-tags.ts';
import { SPOOL_VERSION, type ParentRef, type SpoolHeader } from './spool-format.ts';
import { RunSpoolWriter, nextHeaderSeq } from './spool-writer.ts';
import type { ExperimentRecord, RunRecord } from './wire.ts';

export interface RestSinkOptions extends MlflowRestClientOptions {
  /** Folder for spool files when the server is unreachable; without it such calls throw UNAVAILABLE. */
  spoolDir?: string;
  now?: () => number;
  /** `mlflow.user` and runs/create user_id; defaults to the OS user name. */
  user?: string;
  /** `mlflow.source.name`; defaults to the entry script (process.argv[1]). */
  sourceName?: string;
  /** Client run keys; random uuid4 hex by default. */
  newClientRunKey?: () => string;
  /** Told once, when the sink starts spooling. */
  onOffline?: (error: TrackingError, spoolDir: string) => void;
}

export class RestSink implements TrackingSink, RunContext {
  readonly client: MlflowRestClient;
  readonly spoolDir: string | undefined;
  private readonly clock: () => number;
  private readonly user: string;
  private readonly sourceName: string;
  private readonly newClientRunKey: () => string;
  private readonly onOffline: RestSinkOptions['onOffline'];
  private offlineCause: TrackingError | undefined;
  /** Experiment names by id (server ids and offline stand-ins), for spool headers. */
  private readonly experimentNames = new Map<string, string>();

  constructor(trackingUri: string, options: RestSinkOptions = {}) {
    this.client = new MlflowRestClient(trackingUri, options);
    this.spoolDir = options.spoolDir;
    this.clock = options.now ?? Date.now;
    this.user = options.user ?? currentUser();
    this.sourceName = options.sourceName ?? process.argv[1] ?? 'orthobench';
    this.newClientRunKey = options.newClientRunKey ?? (() => randomUUID().replaceAll('-', ''));
    this.onOffline = options.onOffline;
  }

  describe(): string {
    const spool = this.spoolDir === undefined ? '' : ` (spooling to ${this.spoolDir} if it is unreachable)`;
    return `MLflow tracking server at ${this.client.serverUrl}${spool}`;
  }

  now(): number {
    return this.clock();
  }

  isOffline(): boolean {
    return this.offlineCause !== undefined;
  }

  goOffline(error: TrackingError): boolean {
    if (this.spoolDir === undefined) return false;
    if (this.offlineCause === undefined) {
      this.offlineCause = error;
      this.onOffline?.(error, this.spoolDir);
    }
    return true;
  }

  async getOrCreateExperiment(name: string): Promise<string> {
    validateExperimentName(name);
    const experiment = this.isOffline() ? undefined : await this.orOffline(() => this.fetchOrCreateExperiment(name));
    const id = experiment?.experimentId ?? offlineExperimentId(name);
    this.experimentNames.set(id, name);
    return id;
  }

  async createRun(experimentId: string, options: CreateRunOptions): Promise<TrackedRun> {
    const tags = runCreationTags(options, this.user, this.sourceName);
    const clientRunKey = tags[CLIENT_RUN_KEY_TAG] ?? this.newClientRunKey();
    tags[CLIENT_RUN_KEY_TAG] = clientRunKey;
    const startTime = options.startTime ?? this.now();
    if (!Number.isSafeInteger(startTime) || startTime < 0) throw new TrackingError('INVALID_VALUE', `Run start time must be epoch ms (got ${startTime}).`);
    const parent = this.parentRef(options.parentRunId);
    const parentOffline = parent !== undefined && 'clientRunKey' in parent;
    if (!this.isOffline() && !isOfflineExperimentId(experimentId) && !parentOffline) {
      const parentTag: Record<string, string> = parent !== undefined && 'runId' in parent ? { [PARENT_RUN_TAG]: parent.runId } : {};
      const created = await this.orOffline(() =>
        this.client.createRun(
          { experimentId, userId: tags[USER_TAG] ?? this.user, runName: options.runName, startTime, tags: { ...tags, ...parentTag } },
          () => this.findByClientKey(experimentId, clientRunKey),
        ),
      );
      if (created !== undefined) return this.onlineRun(created, clientRunKey);
    }
    return this.offlineCreatedRun(experimentId, clientRunKey, { runName: options.runName, startTime, tags, parent });
  }

  async findRunByTag(experimentId: string, key: string, value: string): Promise<string | undefined> {
    if (this.isOffline() || isOfflineExperimentId(experimentId)) return undefined;
    const runs = await this.orOffline(() =>
      this.client.searchRuns(
        { experimentIds: [experimentId], filter: tagFilter(key, value), runViewType: 'ACTIVE_ONLY', orderBy: ['attributes.start_time DESC'] },
        1,
      ),
    );
    return runs?.[0]?.info.runId;
  }

  async resumeRun(experimentId: string, runId: string, options: ResumeRunOptions = {}): Promise<TrackedRun> {
    if (clientKeyOfOfflineRunId(runId) !== undefined) {
      throw new TrackingError('NOT_FOUND', `Run ${runId} was created while the server was unreachable; run 'bench sync' before resuming it.`);
    }
    validateRunId(runId);
    const discardMetrics = options.discardMetrics === true;
    if (!this.isOffline()) {
      const run = await this.orOffline(async () => {
        const found = await this.client.getRun(runId);
        if (found.info.experimentId !== experimentId || found.info.lifecycleStage !== 'active') {
          throw new TrackingError('NOT_FOUND', `No active run ${runId} in experiment ${experimentId} on ${this.client.serverUrl}.`);
        }
        await this.client.updateRun(runId, { status: 'RUNNING' });
        return found;
      });
      if (run !== undefined) return this.onlineRun(run, run.tags[CLIENT_RUN_KEY_TAG] ?? this.newClientRunKey(), discardMetrics);
    }
    const header = this.header(this.newClientRunKey(), experimentId, { runId, resume: { discardMetrics } });
    return new RestTrackedRun(this, this.runState(runId, experimentId, undefined, new Map(), header));
  }

  /** For replay: every point of a metric on the server. */
  getMetricHistory(runId: string, key: string): Promise<HistoryPoint[]> {
    return this.client.getMetricHistory(runId, key);
  }

  private async fetchOrCreateExperiment(name: string): Promise<ExperimentRecord> {
    const existing = await this.client.getExperimentByName(name);
    if (existing !== undefined) return this.requireActive(existing);
    try {
      const experimentId = await this.client.createExperiment(name);
      return { experimentId, name, artifactLocation: '', lifecycleStage: 'active' };
    } catch (error) {
      // Another job created it between our get and create: use theirs.
      if (!isTrackingError(error) || error.mlflowErrorCode !== 'RESOURCE_ALREADY_EXISTS') throw error;
      const raced = await this.client.getExperimentByName(name);
      if (raced === undefined) throw error;
      return this.requireActive(raced);
    }
  }

  private requireActive(experiment: ExperimentRecord): ExperimentRecord {
    if (experiment.lifecycleStage === 'active') return experiment;
    throw new TrackingError(
      'DELETED',
      `Experiment '${experiment.name}' (id ${experiment.experimentId}) on ${this.client.serverUrl} is deleted. Restore it ` +
        `(mlflow experiments restore --experiment-id ${experiment.experimentId}), remove it for good (mlflow gc), or choose another name.`,
    );
  }

  private async findByClientKey(experimentId: string, clientRunKey: string): Promise<RunRecord | undefined> {
    const runs = await this.client.searchRuns({ experimentIds: [experimentId], filter: tagFilter(CLIENT_RUN_KEY_TAG, clientRunKey), runViewType: 'ALL' }, 1);
    return runs[0];
  }

  /** Runs `call`; undefined when the server is unreachable and the sink switched to spooling. */
  private async orOffline<T>(call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call();
    } catch (error) {
      if (isTrackingError(error, 'UNAVAILABLE') && this.goOffline(error)) return undefined;
      throw error;
    }
  }

  private parentRef(parentRunId: string | undefined): ParentRef | undefined {
    if (parentRunId === undefined) return undefined;
    const clientRunKey = clientKeyOfOfflineRunId(parentRunId);
    if (clientRunKey !== undefined) return { clientRunKey };
    validateRunId(parentRunId);
    return { runId: parentRunId };
  }

  private onlineRun(run: RunRecord, clientRunKey: string, discardMetrics = false): RestTrackedRun {
    const { runId, experimentId } = run.info;
    const state = this.runState(runId, experimentId, run.info.artifactUri, new Map(Object.entries(run.params)), this.header(clientRunKey, experimentId, { runId }));
    if (discardMetrics) state.resumeFilter = new HistoryFilter((key) => this.client.getMetricHistory(runId, key), byStepAndValue);
    return new RestTrackedRun(this, state);
  }

  private async offlineCreatedRun(experimentId: string, clientRunKey: string, create: SpoolHeader['create'] & object): Promise<TrackedRun> {
    const header = this.header(clientRunKey, experimentId, { create });
    const state = this.runState(offlineRunId(clientRunKey), experimentId, undefined, new Map(), header);
    state.spool = state.openSpool();
    await state.spool.touch();
    return new RestTrackedRun(this, state);
  }

  private runState(runId: string, experimentId: string, artifactUri: string | undefined, knownParams: Map<string, string>, header: SpoolHeader): RestRunState {
    return {
      runId,
      experimentId,
      artifactUri,
      knownParams,
      openSpool: () => {
        if (this.spoolDir === undefined) throw this.offlineCause ?? new TrackingError('UNAVAILABLE', `${this.client.serverUrl} is unreachable.`);
        return new RunSpoolWriter(this.spoolDir, { ...header, writtenAt: this.now(), seq: nextHeaderSeq() });
      },
    };
  }

  private header(clientRunKey: string, experimentId: string, rest: Pick<SpoolHeader, 'runId' | 'create' | 'resume'>): SpoolHeader {
    return {
      type: 'run',
      version: SPOOL_VERSION,
      trackingUri: this.client.serverUrl,
      clientRunKey,
      experimentName: this.experimentNames.get(experimentId),
      experimentId: isOfflineExperimentId(experimentId) ? undefined : experimentId,
      ...rest,
      writtenAt: 0,
      seq: 0,
    };
  }
}
