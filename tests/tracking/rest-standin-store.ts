// State and endpoint logic of the in-process MLflow stand-in, following MLflow's documented behaviour
// (mlflow/server/handlers.py, mlflow/utils/validation.py, the SQL store): error JSON with the HTTP
// status of each code, log-batch limits, immutable params, offset page tokens that are handed out
// whenever a page is full (so the page after the last full one is empty), proto-JSON answers that
// omit empty lists, and NaN/±Infinity as strings. Metric points are stored as sent, duplicates included,
// so tests can see any point a client sends twice.
import { randomUUID } from 'node:crypto';
import {
  MlflowApiError,
  invalid,
  keyValueList,
  missing,
  pageToken,
  parseFilter,
  parsePageToken,
  parseValue,
  requireInt,
  requireString,
  wireValue,
  type Json,
} from './rest-standin-json.ts';

export { MlflowApiError } from './rest-standin-json.ts';

export interface StoredMetric {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

interface StoredExperiment {
  experiment_id: string;
  name: string;
  artifact_location: string;
  lifecycle_stage: 'active' | 'deleted';
  creation_time: number;
  last_update_time: number;
}

interface StoredRun {
  info: {
    run_id: string;
    run_uuid: string;
    run_name: string;
    experiment_id: string;
    user_id: string;
    status: string;
    start_time: number;
    end_time?: number;
    artifact_uri: string;
    lifecycle_stage: 'active' | 'deleted';
  };
  params: Map<string, string>;
  tags: Map<string, string>;
  metrics: StoredMetric[];
}

// validation.py limits.
const MAX_METRICS = 1000;
const MAX_PARAMS_TAGS = 100;
const MAX_ENTITIES = 1000;
const MAX_REQUEST_BYTES = 1_000_000;
const MAX_SEARCH_RESULTS = 50_000;

export interface StandinStoreOptions {
  /** MLflow 3.4–3.13: get-history without max_results answers an empty page. */
  emptyHistoryWithoutMaxResults?: boolean;
  now?: () => number;
}

export class StandinStore {
  readonly experiments = new Map<string, StoredExperiment>();
  readonly runs = new Map<string, StoredRun>();
  readonly artifacts = new Map<string, Buffer>();
  private nextExperimentId = 1;
  private readonly now: () => number;

  constructor(private readonly options: StandinStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.addExperiment('Default', '0');
  }

  private addExperiment(name: string, id: string): StoredExperiment {
    const t = this.now();
    const experiment: StoredExperiment = {
      experiment_id: id,
      name,
      artifact_location: `mlflow-artifacts:/${id}`,
      lifecycle_stage: 'active',
      creation_time: t,
      last_update_time: t,
    };
    this.experiments.set(id, experiment);
    return experiment;
  }

  getExperimentByName(query: URLSearchParams): Json {
    const name = query.get('experiment_name') ?? '';
    if (name === '') throw invalid("Missing value for required parameter 'experiment_name'.");
    const all = [...this.experiments.values()].filter((e) => e.name === name);
    const experiment = all.find((e) => e.lifecycle_stage === 'active') ?? all[0];
    if (experiment === undefined) throw missing(`Could not find experiment with name '${name}'`);
    return { experiment: { ...experiment } };
  }

  createExperiment(body: Json): Json {
    const name = requireString(body, 'name');
    if ([...this.experiments.values()].some((e) => e.name === name)) {
      throw new MlflowApiError(400, 'RESOURCE_ALREADY_EXISTS', `Experiment '${name}' already exists.`);
    }
    const id = String(this.nextExperimentId++);
    this.addExperiment(name, id);
    return { experiment_id: id };
  }

  /** Marks an experiment deleted, as the UI's delete does. */
  deleteExperiment(id: string): void {
    const experiment = this.experiments.get(id);
    if (experiment !== undefined) experiment.lifecycle_stage = 'deleted';
  }

  createRun(body: Json): Json {
    const experimentId = requireString(body, 'experiment_id');
    const experiment = this.experiments.get(experimentId);
    if (experiment === undefined) throw missing(`No Experiment with id=${experimentId} exists`);
    if (experiment.lifecycle_stage !== 'active') throw invalid(`The experiment ${experimentId} must be in the 'active' state.`);
    const tags = keyValueList(body.tags, 'tags');
    const tagName = tags.find((t) => t.key === 'mlflow.runName')?.value;
    const runName = typeof body.run_name === 'string' && body.run_name !== '' ? body.run_name : tagName ?? `run-${this.runs.size + 1}`;
    if (tagName !== undefined && tagName !== runName) {
      throw invalid(`Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='${runName}', mlflow.runName='${tagName}').`);
    }
    const runId = randomUUID().replaceAll('-', '');
    const run: StoredRun = {
      info: {
        run_id: runId,
        run_uuid: runId,
        run_name: runName,
        experiment_id: experimentId,
        user_id: typeof body.user_id === 'string' ? body.user_id : '',
        status: 'RUNNING',
        start_time: body.start_time === undefined ? this.now() : requireInt(body.start_time, 'start_time'),
        artifact_uri: `${experiment.artifact_location}/${runId}/artifacts`,
        lifecycle_stage: 'active',
      },
      params: new Map(),
      tags: new Map(tags.map((t) => [t.key, t.value])),
      metrics: [],
    };
    run.tags.set('mlflow.runName', runName);
    this.runs.set(runId, run);
    return { run: this.runJson(run) };
  }

  private activeRun(runId: string | null | undefined): StoredRun {
    const run = runId ? this.runs.get(runId) : undefined;
    if (run === undefined) throw missing(`Run with id=${runId} not found`);
    return run;
  }

  updateRun(body: Json): Json {
    const run = this.activeRun((body.run_id ?? body.run_uuid) as string | undefined);
    if (body.status !== undefined) {
      if (!['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'].includes(String(body.status))) throw invalid(`Invalid run status ${String(body.status)}`);
      run.info.status = String(body.status);
    }
    if (body.end_time !== undefined) run.info.end_time = requireInt(body.end_time, 'end_time');
    if (typeof body.run_name === 'string' && body.run_name !== '') {
      run.info.run_name = body.run_name;
      run.tags.set('mlflow.runName', body.run_name);
    }
    return { run_info: { ...run.info } };
  }

  logBatch(body: Json, bodyBytes: number): Json {
    if (bodyBytes > MAX_REQUEST_BYTES) throw invalid(`Batched logging API requests must be at most ${MAX_REQUEST_BYTES} bytes, got a request of size ${bodyBytes}.`);
    const run = this.activeRun(requireString(body, 'run_id'));
    if (run.info.lifecycle_stage !== 'active') throw invalid(`The run ${run.info.run_id} must be in the 'active' state.`);
    const rawMetrics = body.metrics === undefined ? [] : body.metrics;
    if (!Array.isArray(rawMetrics)) throw invalid("'metrics' must be a list.");
    const params = keyValueList(body.params, 'params');
    const tags = keyValueList(body.tags, 'tags');
    const limit = (what: string, max: number, n: number) => {
      if (n > max) throw invalid(`A batch logging request can contain at most ${max} ${what}. Got ${n} ${what}. Please split up ${what} across multiple requests and try again.`);
    };
    limit('metrics', MAX_METRICS, rawMetrics.length);
    limit('params', MAX_PARAMS_TAGS, params.length);
    limit('tags', MAX_PARAMS_TAGS, tags.length);
    limit('metrics, params, and tags', MAX_ENTITIES, rawMetrics.length + params.length + tags.length);
    const metrics = rawMetrics.map((item: unknown): StoredMetric => {
      const m = item as Json;
      if (typeof m?.key !== 'string' || m.key === '') throw invalid("Missing value for required parameter 'key' in metrics.");
      if (m.value === undefined || m.value === null) throw invalid(`Missing value for required parameter 'value' of metric '${m.key}'.`);
      if (m.timestamp === undefined) throw invalid(`Missing value for required parameter 'timestamp' of metric '${m.key}'.`);
      return { key: m.key, value: parseValue(m.value, m.key), timestamp: requireInt(m.timestamp, 'timestamp'), step: m.step === undefined ? 0 : requireInt(m.step, 'step') };
    });
    const keys = params.map((p) => p.key);
    const dupes = keys.filter((k, i) => keys.indexOf(k) !== i);
    if (dupes.length > 0) throw invalid(`Duplicate parameter keys have been submitted: ${JSON.stringify(dupes)}.`);
    const changed = params.filter((p) => run.params.has(p.key) && run.params.get(p.key) !== p.value);
    if (changed.length > 0) {
      const detail = changed.map((p) => ({ key: p.key, old_value: run.params.get(p.key), new_value: p.value }));
      throw invalid(`Changing param values is not allowed. Params were already logged='${JSON.stringify(detail)}' for run ID='${run.info.run_id}'.`);
    }
    for (const p of params) run.params.set(p.key, p.value);
    for (const t of tags) {
      run.tags.set(t.key, t.value);
      if (t.key === 'mlflow.runName') run.info.run_name = t.value;
    }
    run.metrics.push(...metrics);
    return {};
  }

  getRun(query: URLSearchParams): Json {
    return { run: this.runJson(this.activeRun(query.get('run_id') ?? query.get('run_uuid'))) };
  }

  searchRuns(body: Json): Json {
    const ids = body.experiment_ids;
    if (!Array.isArray(ids) || ids.length === 0) throw invalid('experiment_ids must be a non-empty list.');
    const maxResults = body.max_results === undefined ? 1000 : requireInt(body.max_results, 'max_results');
    if (maxResults < 1 || maxResults > MAX_SEARCH_RESULTS) throw invalid(`Invalid value for request parameter max_results. It must be at most ${MAX_SEARCH_RESULTS}, but got value ${maxResults}`);
    const view = body.run_view_type ?? 'ACTIVE_ONLY';
    const clauses = parseFilter(typeof body.filter === 'string' ? body.filter : '');
    const matches = [...this.runs.values()]
      .filter((r) => ids.includes(r.info.experiment_id))
      .filter((r) => view === 'ALL' || (view === 'DELETED_ONLY') === (r.info.lifecycle_stage === 'deleted'))
      .filter((r) => clauses.every((c) => (r.tags.get(c.key) === c.value) === (c.op === '=')));
    const ascending = Array.isArray(body.order_by) && /\bASC$/i.test(String(body.order_by[0] ?? ''));
    matches.sort((a, b) => (ascending ? 1 : -1) * (a.info.start_time - b.info.start_time) || a.info.run_id.localeCompare(b.info.run_id));
    const offset = parsePageToken(body.page_token);
    const page = matches.slice(offset, offset + maxResults);
    const out: Json = {};
    if (page.length > 0) out.runs = page.map((r) => this.runJson(r));
    if (page.length === maxResults) out.next_page_token = pageToken(offset + maxResults);
    return out;
  }

  getMetricHistory(query: URLSearchParams): Json {
    const run = this.activeRun(query.get('run_id') ?? query.get('run_uuid'));
    const key = query.get('metric_key') ?? '';
    if (key === '') throw invalid("Missing value for required parameter 'metric_key'.");
    const rawMax = query.get('max_results');
    if (rawMax === null && (this.options.emptyHistoryWithoutMaxResults ?? true)) return {};
    const maxResults = rawMax === null ? Infinity : requireInt(rawMax, 'max_results');
    const offset = parsePageToken(query.get('page_token') ?? undefined);
    const all = run.metrics.filter((m) => m.key === key).sort((a, b) => a.timestamp - b.timestamp || a.step - b.step);
    const page = all.slice(offset, offset + maxResults);
    const out: Json = {};
    if (page.length > 0) out.metrics = page.map((m) => ({ ...m, value: wireValue(m.value) }));
    if (page.length === maxResults) out.next_page_token = pageToken(offset + maxResults);
    return out;
  }

  putArtifact(path: string, content: Buffer): Json {
    if (path === '' || path.split('/').some((s) => s === '..' || s === '')) throw invalid(`Invalid artifact path: '${path}'`);
    this.artifacts.set(path, content);
    return {};
  }

  /** MLflow's latest metric: largest step, then timestamp, then value. */
  private latestMetrics(run: StoredRun): StoredMetric[] {
    const latest = new Map<string, StoredMetric>();
    for (const m of run.metrics) {
      const cur = latest.get(m.key);
      if (cur === undefined || m.step > cur.step || (m.step === cur.step && (m.timestamp > cur.timestamp || (m.timestamp === cur.timestamp && m.value > cur.value)))) {
        latest.set(m.key, m);
      }
    }
    return [...latest.values()];
  }

  private runJson(run: StoredRun): Json {
    const data: Json = {};
    const metrics = this.latestMetrics(run);
    if (metrics.length > 0) data.metrics = metrics.map((m) => ({ ...m, value: wireValue(m.value) }));
    if (run.params.size > 0) data.params = [...run.params].map(([key, value]) => ({ key, value }));
    if (run.tags.size > 0) data.tags = [...run.tags].map(([key, value]) => ({ key, value }));
    return { info: { ...run.info }, data };
  }
}
