// A thin typed client for the MLflow tracking REST API (/api/2.0/mlflow/…, mlflow/protos/service.proto),
// sending what mlflow/store/tracking/rest_store.py sends. Paged calls stop on an empty page or a
// missing token; no call loops without a bound.
import { TrackingError } from '../errors.ts';
import { credentialsFromEnv, type Credentials, type TrackingEnv } from './auth.ts';
import { artifactUploadTarget } from './artifact-url.ts';
import { splitLogBatch, type LogBatchContent } from './batch.ts';
import { DEFAULT_RETRY_POLICY, backoffDelay, type RetryPolicy } from './retry.ts';
import { HttpTransport, normalizeServerUrl, type FetchLike } from './transport.ts';
import {
  asObject,
  decodeExperiment,
  decodeFileInfo,
  decodeMetric,
  decodeRun,
  decodeRunInfo,
  list,
  nextPageToken,
  type ExperimentRecord,
  type RunInfo,
  type RunRecord,
  type WireKeyValue,
} from './wire.ts';

const API = '/api/2.0/mlflow';
/** What MLflow's Python client asks for per page (GET_METRIC_HISTORY_MAX_RESULTS). */
export const METRIC_HISTORY_PAGE_SIZE = 25_000;
/** SEARCH_MAX_RESULTS_DEFAULT. */
export const SEARCH_PAGE_SIZE = 1000;
/** Guards paging against a server that keeps handing out tokens. */
export const MAX_PAGES = 10_000;

export interface MlflowRestClientOptions {
  /** Where MLFLOW_TRACKING_USERNAME/PASSWORD/TOKEN are read; defaults to process.env. */
  env?: TrackingEnv;
  /** Overrides the credentials from `env`. */
  credentials?: Credentials;
  fetch?: FetchLike;
  retry?: Partial<RetryPolicy>;
  /** Per request attempt; defaults to 120 s like MLflow's client. */
  timeoutMs?: number;
  /** max_results of paged calls; smaller values let tests exercise paging. */
  pageSizes?: { search?: number; history?: number };
}

export interface CreateRunRequest {
  experimentId: string;
  userId: string;
  runName: string;
  startTime: number;
  tags: Record<string, string>;
}

export interface SearchRunsQuery {
  experimentIds: string[];
  filter?: string;
  runViewType?: 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';
  orderBy?: string[];
}

/** One entry of runs' ListArtifacts answer: a path relative to the run's artifact root. */
export interface ArtifactFileInfo {
  path: string;
  isDir: boolean;
  size?: number;
}

export interface HistoryPoint {
  value: number;
  step: number;
  timestamp: number;
}

export function keyValues(record: Record<string, string>): WireKeyValue[] {
  return Object.entries(record).map(([key, value]) => ({ key, value }));
}

/** An MLflow search filter on one tag: tags.`key` = 'value'. */
export function tagFilter(key: string, value: string): string {
  if (key.includes('`') || /['\\]/.test(value)) {
    throw new TrackingError('NOT_SUPPORTED', `Cannot search runs by tag '${key}': quotes and backslashes in the key or value are not supported.`);
  }
  return `tags.\`${key}\` = '${value}'`;
}

export class MlflowRestClient {
  readonly serverUrl: string;
  private readonly http: HttpTransport;
  private readonly searchPageSize: number;
  private readonly historyPageSize: number;

  constructor(trackingUri: string, options: MlflowRestClientOptions = {}) {
    this.serverUrl = normalizeServerUrl(trackingUri);
    const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.http = new HttpTransport(this.serverUrl, {
      credentials: options.credentials ?? credentialsFromEnv(options.env ?? process.env),
      retry,
      fetch: options.fetch ?? ((url, init) => fetch(url, init)),
      timeoutMs: options.timeoutMs ?? 120_000,
    });
    this.searchPageSize = options.pageSizes?.search ?? SEARCH_PAGE_SIZE;
    this.historyPageSize = options.pageSizes?.history ?? METRIC_HISTORY_PAGE_SIZE;
  }

  /** undefined when no experiment (active or deleted) has this name. */
  async getExperimentByName(name: string): Promise<ExperimentRecord | undefined> {
    try {
      const res = await this.http.request({ method: 'GET', path: `${API}/experiments/get-by-name`, query: { experiment_name: name } });
      return decodeExperiment(res.experiment);
    } catch (error) {
      if (error instanceof TrackingError && error.mlflowErrorCode === 'RESOURCE_DOES_NOT_EXIST') return undefined;
      throw error;
    }
  }

  async createExperiment(name: string): Promise<string> {
    const res = await this.http.request({ method: 'POST', path: `${API}/experiments/create`, json: { name } });
    if (typeof res.experiment_id !== 'string') throw new TrackingError('REMOTE_ERROR', 'experiments/create answered without an experiment_id.');
    return res.experiment_id;
  }

  /**
   * runs/create is not idempotent, so it is never blindly retried: after a failed attempt (the run may
   * have been created and only the answer lost) `findExisting` is asked first, then it is tried again.
   */
  async createRun(req: CreateRunRequest, findExisting: () => Promise<RunRecord | undefined>): Promise<RunRecord> {
    const body = {
      experiment_id: req.experimentId,
      user_id: req.userId,
      run_name: req.runName,
      start_time: req.startTime,
      tags: keyValues(req.tags),
    };
    const policy = this.http.retryPolicy;
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await this.http.request({ method: 'POST', path: `${API}/runs/create`, json: body, retry: false });
        return decodeRun(res.run);
      } catch (error) {
        if (!(error instanceof TrackingError) || error.code !== 'UNAVAILABLE' || attempt >= policy.maxRetries) throw error;
      }
      await policy.sleep(backoffDelay(policy, attempt));
      const existing = await findExisting();
      if (existing !== undefined) return existing;
    }
  }

  async updateRun(runId: string, change: { status?: string; endTime?: number; runName?: string }): Promise<RunInfo> {
    const res = await this.http.request({
      method: 'POST',
      path: `${API}/runs/update`,
      json: { run_id: runId, run_uuid: runId, status: change.status, end_time: change.endTime, run_name: change.runName },
    });
    return decodeRunInfo(res.run_info, 'runs/update answer');
  }

  /** Sends `content` in as many runs/log-batch requests as MLflow's limits need; returns how many. */
  async logBatch(runId: string, content: LogBatchContent): Promise<number> {
    const batches = splitLogBatch(content);
    for (const batch of batches) {
      await this.http.request({ method: 'POST', path: `${API}/runs/log-batch`, json: { run_id: runId, ...batch } });
    }
    return batches.length;
  }

  async getRun(runId: string): Promise<RunRecord> {
    const res = await this.http.request({ method: 'GET', path: `${API}/runs/get`, query: { run_id: runId, run_uuid: runId } });
    return decodeRun(res.run);
  }

  /** All runs matching the query (at most `limit`), following page tokens. */
  async searchRuns(query: SearchRunsQuery, limit = Infinity): Promise<RunRecord[]> {
    const runs: RunRecord[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES && runs.length < limit; page++) {
      const res = await this.http.request({
        method: 'POST',
        path: `${API}/runs/search`,
        json: {
          experiment_ids: query.experimentIds,
          filter: query.filter,
          run_view_type: query.runViewType ?? 'ACTIVE_ONLY',
          max_results: Math.min(this.searchPageSize, limit - runs.length),
          order_by: query.orderBy,
          page_token: pageToken,
        },
      });
      const items = list(res, 'runs', 'runs/search answer');
      runs.push(...items.map((item) => decodeRun(item)));
      pageToken = nextPageToken(res);
      if (items.length === 0 || pageToken === undefined) break;
    }
    return runs.slice(0, limit === Infinity ? undefined : limit);
  }

  /** Every point of a metric, in server order. Always sends max_results (MLflow 3.4–3.13 returns nothing without it). */
  async getMetricHistory(runId: string, key: string): Promise<HistoryPoint[]> {
    const points: HistoryPoint[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await this.http.request({
        method: 'GET',
        path: `${API}/metrics/get-history`,
        query: { run_id: runId, run_uuid: runId, metric_key: key, max_results: this.historyPageSize, page_token: pageToken },
      });
      const items = list(res, 'metrics', 'metrics/get-history answer');
      for (const item of items) {
        const { value, step, timestamp } = decodeMetric(item, 'metrics/get-history answer');
        points.push({ value, step, timestamp });
      }
      pageToken = nextPageToken(res);
      if (items.length === 0 || pageToken === undefined) break;
    }
    return points;
  }

  /**
   * The entries directly under `path` of a run's artifacts (GET artifacts/list, which a server with
   * --serve-artifacts answers for mlflow-artifacts: roots too), following page tokens.
   */
  async listArtifacts(runId: string, path?: string): Promise<ArtifactFileInfo[]> {
    const entries: ArtifactFileInfo[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await this.http.request({
        method: 'GET',
        path: `${API}/artifacts/list`,
        query: { run_id: runId, run_uuid: runId, path: path === '' ? undefined : path, page_token: pageToken },
      });
      const items = list(res, 'files', 'artifacts/list answer');
      entries.push(...items.map((item) => decodeFileInfo(item, 'artifacts/list answer')));
      pageToken = nextPageToken(res);
      if (items.length === 0 || pageToken === undefined) break;
    }
    return entries;
  }

  /** GET through the artifact proxy, the download twin of `uploadArtifact`. */
  async downloadArtifact(artifactUri: string, relativePath: string): Promise<Uint8Array> {
    const { origin, path } = artifactUploadTarget(this.serverUrl, artifactUri, relativePath);
    return this.http.requestBytes({ method: 'GET', origin, path });
  }

  /** PUT through the artifact proxy; `artifactUri` is the run's info.artifact_uri. */
  async uploadArtifact(artifactUri: string, relativePath: string, content: Uint8Array): Promise<void> {
    const { origin, path } = artifactUploadTarget(this.serverUrl, artifactUri, relativePath);
    const res = await this.http.request({ method: 'PUT', origin, path, body: content });
    asObject(res, 'artifact upload answer');
  }
}
