// A run logged through the MLflow REST API. Every call goes to the server while it answers; once a
// call fails for good (UNAVAILABLE after the retries) and a spool folder is set, this call and every
// later one is appended to the run's spool file instead, in call order, for `replaySpool`.
import { readFile } from 'node:fs/promises';
import { TrackingError, isTrackingError } from '../errors.ts';
import { stringifyParamValue } from '../flatten.ts';
import { stampMetricPoint, type StampedMetricPoint } from '../metric-point.ts';
import { validateKey, validateValueLength } from '../names.ts';
import type { EndStatus, MetricPoint, ParamValue, TrackedRun } from '../sink.ts';
import { checkArtifactPath } from './artifact-url.ts';
import { keyValues, type MlflowRestClient } from './client.ts';
import type { HistoryFilter } from './history-filter.ts';
import type { SpoolEvent } from './spool-format.ts';
import type { RunSpoolWriter } from './spool-writer.ts';
import { encodeMetricValue, type WireMetric } from './wire.ts';

const END_STATUSES: readonly string[] = ['FINISHED', 'FAILED', 'KILLED'];

/** What a run needs from the sink that made it: the client, the clock and the shared offline switch. */
export interface RunContext {
  readonly client: MlflowRestClient;
  now(): number;
  /** True once any call of the sink has failed for good; stays true for the rest of the process. */
  isOffline(): boolean;
  /** Switches the sink to spooling; returns false when no spool folder is set (the caller then throws). */
  goOffline(error: TrackingError): boolean;
}

export interface RestRunState {
  runId: string;
  experimentId: string;
  /** The run's artifact_uri on the server; undefined for a run not created there yet. */
  artifactUri: string | undefined;
  /** Params already on the server (or spooled), so a conflict fails fast and a repeat sends nothing. */
  knownParams: Map<string, string>;
  /** Set for a run resumed with discardMetrics: drops points the server already has. */
  resumeFilter?: HistoryFilter;
  /** Opens the spool file; the run spools from the first call that could not reach the server. */
  openSpool: () => RunSpoolWriter;
  /** A run created while offline spools from the start. */
  spool?: RunSpoolWriter;
}

export function toWireMetric(point: StampedMetricPoint): WireMetric {
  return { key: point.key, value: encodeMetricValue(point.value), timestamp: point.timestamp, step: point.step };
}

export class RestTrackedRun implements TrackedRun {
  constructor(
    private readonly ctx: RunContext,
    private readonly state: RestRunState,
  ) {}

  get runId(): string {
    return this.state.runId;
  }

  get experimentId(): string {
    return this.state.experimentId;
  }

  /** True when this run's calls go to its spool file. */
  get spooling(): boolean {
    return this.state.spool !== undefined;
  }

  async logParams(params: Record<string, ParamValue>): Promise<void> {
    const fresh: Record<string, string> = {};
    for (const [key, raw] of Object.entries(params)) {
      validateKey('param', key);
      const value = stringifyParamValue(raw);
      validateValueLength('param', key, value);
      const logged = this.state.knownParams.get(key);
      if (logged !== undefined && logged !== value) throw this.paramChanged(key, logged, value);
      if (logged === undefined) fresh[key] = value;
    }
    if (Object.keys(fresh).length === 0) return;
    await this.deliver({ type: 'params', params: fresh }, async () => {
      try {
        await this.ctx.client.logBatch(this.runId, { metrics: [], params: keyValues(fresh), tags: [] });
      } catch (error) {
        throw await this.explainParamConflict(error, fresh);
      }
    });
    for (const [key, value] of Object.entries(fresh)) this.state.knownParams.set(key, value);
  }

  async logMetrics(points: MetricPoint[]): Promise<void> {
    const now = this.ctx.now();
    let stamped = points.map((point) => stampMetricPoint(point, now));
    const filter = this.state.resumeFilter;
    if (filter !== undefined && !this.spooling && !this.ctx.isOffline()) {
      // Offline, the points are spooled unfiltered; replay resumes with discardMetrics and filters then.
      const all = stamped;
      stamped = (await this.withOfflineFallback(() => filter.keepNew(all)))?.kept ?? stamped;
    }
    if (stamped.length === 0) return;
    const metrics = stamped.map(toWireMetric);
    await this.deliver({ type: 'metrics', points: metrics }, async () => {
      await this.ctx.client.logBatch(this.runId, { metrics, params: [], tags: [] });
    });
  }

  async setTags(tags: Record<string, string>): Promise<void> {
    for (const [key, value] of Object.entries(tags)) {
      validateKey('tag', key);
      if (typeof value !== 'string') throw new TrackingError('INVALID_VALUE', `Tag '${key}': value must be a string.`);
      validateValueLength('tag', key, value);
    }
    if (Object.keys(tags).length === 0) return;
    await this.deliver({ type: 'tags', tags: { ...tags } }, async () => {
      await this.ctx.client.logBatch(this.runId, { metrics: [], params: [], tags: keyValues(tags) });
    });
  }

  async logArtifact(relativePath: string, content: string | Uint8Array): Promise<void> {
    const path = checkArtifactPath(relativePath);
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    await this.deliver({ type: 'artifact', path, base64: Buffer.from(bytes).toString('base64') }, async () => {
      if (this.state.artifactUri === undefined) {
        throw new TrackingError('NOT_SUPPORTED', `Run ${this.runId} has no artifact location on the server yet.`);
      }
      await this.ctx.client.uploadArtifact(this.state.artifactUri, path, bytes);
    });
  }

  async logArtifactFile(relativePath: string, sourcePath: string): Promise<void> {
    await this.logArtifact(relativePath, await readFile(sourcePath));
  }

  async end(status: EndStatus, endTime?: number): Promise<void> {
    if (!END_STATUSES.includes(status)) {
      throw new TrackingError('INVALID_VALUE', `A run ends as FINISHED, FAILED or KILLED (got ${JSON.stringify(status)}).`);
    }
    const time = endTime ?? this.ctx.now();
    if (!Number.isSafeInteger(time) || time < 0) throw new TrackingError('INVALID_VALUE', `Run end time must be epoch ms (got ${time}).`);
    await this.deliver({ type: 'end', status, endTime: time }, async () => {
      await this.ctx.client.updateRun(this.runId, { status, endTime: time });
    });
  }

  /** Sends while online; spools once the server is unreachable (and from then on). */
  private async deliver(event: SpoolEvent, send: () => Promise<void>): Promise<void> {
    if (!this.spooling && !this.ctx.isOffline()) {
      const sent = await this.withOfflineFallback(async () => {
        await send();
        return true;
      });
      if (sent) return;
    }
    this.state.spool ??= this.state.openSpool();
    await this.state.spool.append(event);
  }

  /** Runs `call`; undefined when it failed for good and the sink switched to spooling. */
  private async withOfflineFallback<T>(call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call();
    } catch (error) {
      if (isTrackingError(error, 'UNAVAILABLE') && this.ctx.goOffline(error)) return undefined;
      throw error;
    }
  }

  private paramChanged(key: string, logged: string, value: string, cause?: unknown): TrackingError {
    return new TrackingError(
      'PARAM_CHANGED',
      `Param '${key}' of run ${this.runId} was already logged as '${logged}'; it cannot change to '${value}' ` +
        '(MLflow params are immutable: log a new run, or use a tag or metric for values that change).',
      { cause, mlflowErrorCode: isTrackingError(cause) ? cause.mlflowErrorCode : undefined },
    );
  }

  /** MLflow's wording of a param conflict differs between stores, so the run is read back to name it. */
  private async explainParamConflict(error: unknown, sent: Record<string, string>): Promise<unknown> {
    if (!isTrackingError(error, 'INVALID_VALUE')) return error;
    let stored: Record<string, string>;
    try {
      stored = (await this.ctx.client.getRun(this.runId)).params;
    } catch {
      return error;
    }
    for (const [key, value] of Object.entries(sent)) {
      const logged = stored[key];
      if (logged !== undefined && logged !== value) return this.paramChanged(key, logged, value, error);
    }
    return error;
  }
}
