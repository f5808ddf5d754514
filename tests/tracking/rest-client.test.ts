// The REST client against the stand-in: log-batch splitting to MLflow's limits, paging, error
// mapping, retries with backoff, the experiment-creation race and a lost runs/create answer.
import { describe, expect, it } from 'vitest';
import { MAX_BATCH_REQUEST_BYTES, splitLogBatch } from '../../tracking/rest/batch.ts';
import { MlflowRestClient } from '../../tracking/rest/client.ts';
import type { FetchLike } from '../../tracking/rest/transport.ts';
import { rawHistory, standin, testSink } from './rest-fixture.ts';

const noSleep = { sleep: async () => {} };

function logBatchBodies(server: Awaited<ReturnType<typeof standin>>): { metrics?: unknown[]; params?: unknown[]; tags?: unknown[] }[] {
  return server.requests.filter((r) => r.path.endsWith('/runs/log-batch')).map((r) => JSON.parse(r.body.toString()));
}

describe('log-batch splitting', () => {
  it('sends 2500 metrics as 1000 + 1000 + 500, all stored in order', async () => {
    const server = await standin();
    const { sink } = testSink(server.url);
    const run = await sink.createRun(await sink.getOrCreateExperiment('e'), { runName: 'r' });
    const before = server.count('POST', '/runs/log-batch');
    await run.logMetrics(Array.from({ length: 2500 }, (_, i) => ({ key: 'loss', value: i / 8, step: i, timestamp: 1 })));
    const bodies = logBatchBodies(server).slice(before);
    expect(bodies.map((b) => b.metrics?.length)).toEqual([1000, 1000, 500]);
    const history = await rawHistory(server.url, run.runId, 'loss');
    expect(history.map((m) => m.step)).toEqual(Array.from({ length: 2500 }, (_, i) => i));
    expect(history[2499].value).toBe(2499 / 8);
  });

  it('keeps params and tags at ≤ 100 and the total at ≤ 1000 per request', () => {
    const kv = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i}`, value: 'v' }));
    const metrics = Array.from({ length: 950 }, (_, i) => ({ key: 'm', value: i, step: i, timestamp: 0 }));
    const batches = splitLogBatch({ metrics, params: kv(250, 'p'), tags: kv(120, 't') });
    expect(batches.map((b) => [b.params.length, b.tags.length, b.metrics.length])).toEqual([
      [100, 0, 0],
      [100, 0, 0],
      [50, 100, 0],
      [0, 20, 950],
    ]);
    // Order within each kind is kept.
    expect(batches.flatMap((b) => b.params.map((p) => p.key))).toEqual(kv(250, 'p').map((p) => p.key));
  });

  it('splits by size before a request reaches 1 MB', () => {
    const long = 'x'.repeat(6000);
    const params = Array.from({ length: 100 }, (_, i) => ({ key: `p${i}`, value: long }));
    const tags = Array.from({ length: 100 }, (_, i) => ({ key: `t${i}`, value: 'y'.repeat(8000) }));
    const batches = splitLogBatch({ metrics: [], params, tags });
    expect(batches.length).toBeGreaterThan(1);
    for (const b of batches) expect(Buffer.byteLength(JSON.stringify({ run_id: 'r'.repeat(32), ...b }))).toBeLessThan(MAX_BATCH_REQUEST_BYTES);
  });

  it('is needed: the stand-in rejects an oversize batch as MLflow does', async () => {
    const server = await standin();
    const { sink } = testSink(server.url);
    const run = await sink.createRun(await sink.getOrCreateExperiment('e'), { runName: 'r' });
    const res = await fetch(`${server.url}/api/2.0/mlflow/runs/log-batch`, {
      method: 'POST',
      body: JSON.stringify({ run_id: run.runId, metrics: Array.from({ length: 1001 }, (_, i) => ({ key: 'm', value: 1, step: i, timestamp: 0 })) }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringMatching(/at most 1000 metrics/) });
  });
});

describe('paging', () => {
  it('follows search page tokens and stops on the empty page after a full one', async () => {
    const server = await standin();
    const { sink } = testSink(server.url);
    const experimentId = await sink.getOrCreateExperiment('e');
    for (let i = 0; i < 4; i++) await sink.createRun(experimentId, { runName: `r${i}`, startTime: 100 + i, tags: { group: 'g' } });
    const client = new MlflowRestClient(server.url, { env: {}, pageSizes: { search: 2 } });
    const before = server.count('POST', '/runs/search');
    const runs = await client.searchRuns({ experimentIds: [experimentId], filter: "tags.`group` = 'g'", orderBy: ['attributes.start_time DESC'] });
    expect(runs.map((r) => r.info.runName)).toEqual(['r3', 'r2', 'r1', 'r0']);
    expect(server.count('POST', '/runs/search') - before).toBe(3); // 2 + 2 + the empty page
    expect(await client.searchRuns({ experimentIds: [experimentId] }, 3)).toHaveLength(3);
  });

  it('always sends max_results to get-history and pages through it', async () => {
    const server = await standin(); // answers an empty page without max_results, like MLflow 3.4–3.13
    const { sink } = testSink(server.url);
    const run = await sink.createRun(await sink.getOrCreateExperiment('e'), { runName: 'r' });
    await run.logMetrics(Array.from({ length: 7 }, (_, i) => ({ key: 'acc', value: i / 10, step: i, timestamp: 50 + i })));
    const client = new MlflowRestClient(server.url, { env: {}, pageSizes: { history: 3 } });
    const history = await client.getMetricHistory(run.runId, 'acc');
    expect(history).toEqual(Array.from({ length: 7 }, (_, i) => ({ value: i / 10, step: i, timestamp: 50 + i })));
    const calls = server.requests.filter((r) => r.path.endsWith('/metrics/get-history'));
    expect(calls.map((r) => r.query.get('max_results'))).toEqual(['3', '3', '3']);
    expect(await client.getMetricHistory(run.runId, 'never-logged')).toEqual([]);
  });
});

describe('errors', () => {
  it("surfaces MLflow's {error_code, message} as a TrackingError with the code and status", async () => {
    const server = await standin();
    const client = new MlflowRestClient(server.url, { env: {} });
    const error = await client.getRun('0123456789abcdef').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'TrackingError', code: 'NOT_FOUND', mlflowErrorCode: 'RESOURCE_DOES_NOT_EXIST', httpStatus: 404 });
    expect((error as Error).message).toMatch(/GET \/api\/2.0\/mlflow\/runs\/get on http:\/\/127.0.0.1:\d+ failed with RESOURCE_DOES_NOT_EXIST: Run with id=0123456789abcdef not found/);
    expect(await client.getExperimentByName('nope')).toBeUndefined();
  });

  it('names key, old and new value when the server refuses a changed param', async () => {
    const server = await standin();
    const a = testSink(server.url).sink;
    const experimentId = await a.getOrCreateExperiment('e');
    const run = await a.createRun(experimentId, { runName: 'r' });
    await run.logParams({ lr: 0.1, depth: 3 });
    // A second process resumes the run and logs a different value: only the server knows the old one.
    const b = await testSink(server.url).sink.resumeRun(experimentId, run.runId);
    await run.logParams({ batch: 32 });
    const other = await testSink(server.url).sink.resumeRun(experimentId, run.runId);
    await expect(other.logParams({ batch: 64 })).rejects.toMatchObject({ code: 'PARAM_CHANGED' });
    server.store.runs.get(run.runId)!.params.set('late', 'x'); // logged behind this client's back
    const error = await b.logParams({ late: 'y' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PARAM_CHANGED', mlflowErrorCode: 'INVALID_PARAMETER_VALUE' });
    expect((error as Error).message).toBe(
      `Param 'late' of run ${run.runId} was already logged as 'x'; it cannot change to 'y' ` +
        '(MLflow params are immutable: log a new run, or use a tag or metric for values that change).',
    );
  });

  it('retries 5xx with exponential backoff, then succeeds', async () => {
    const server = await standin();
    const { sink, sleeps } = testSink(server.url, { retry: { initialDelayMs: 100, maxRetries: 4 } });
    let failures = 3;
    server.outage = '503';
    const flaky: FetchLike = async (url, init) => {
      if (failures-- === 0) server.outage = 'none';
      return fetch(url, init);
    };
    const { sink: viaFlaky, sleeps: flakySleeps } = testSink(server.url, { fetch: flaky, retry: { initialDelayMs: 100, maxRetries: 4 } });
    expect(await viaFlaky.getOrCreateExperiment('e')).toBe('1');
    expect(flakySleeps).toEqual([100, 200, 400]);
    server.outage = 'drop';
    await expect(sink.getOrCreateExperiment('e')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(sleeps).toEqual([100, 200, 400, 800]);
  });

  it('does not retry a 4xx answer', async () => {
    const server = await standin();
    const { sink, sleeps } = testSink(server.url);
    await expect(sink.createRun('999', { runName: 'r' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(sleeps).toEqual([]);
  });
});

describe('idempotent creation', () => {
  it('converges when two clients create the same experiment at once', async () => {
    const server = await standin();
    // Hold both get-by-name answers until both have been asked, so both then try to create.
    let arrived = 0;
    let release: () => void = () => {};
    const bothAsked = new Promise<void>((resolve) => (release = resolve));
    const racing: FetchLike = async (url, init) => {
      if (url.includes('/experiments/get-by-name') && arrived < 2) {
        arrived += 1;
        const answer = fetch(url, init);
        if (arrived === 2) release();
        await bothAsked;
        return answer;
      }
      return fetch(url, init);
    };
    const [a, b] = await Promise.all([
      testSink(server.url, { fetch: racing }).sink.getOrCreateExperiment('shared'),
      testSink(server.url, { fetch: racing }).sink.getOrCreateExperiment('shared'),
    ]);
    expect(a).toBe(b);
    expect([...server.store.experiments.values()].filter((e) => e.name === 'shared')).toHaveLength(1);
    expect(server.count('POST', '/experiments/create')).toBe(2); // one won, one got RESOURCE_ALREADY_EXISTS
  });

  it('does not duplicate a run when the runs/create answer is lost', async () => {
    const server = await standin();
    const { sink } = testSink(server.url);
    const experimentId = await sink.getOrCreateExperiment('e');
    server.loseNextAnswer('/api/2.0/mlflow/runs/create');
    const run = await sink.createRun(experimentId, { runName: 'once' });
    expect(server.store.runs.size).toBe(1);
    expect(server.store.runs.has(run.runId)).toBe(true);
    expect(server.count('POST', '/runs/create')).toBe(1);
  });
});
