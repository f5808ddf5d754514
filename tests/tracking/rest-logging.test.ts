// Logging an experiment through the REST sink and reading it back with plain runs/get and
// metrics/get-history calls (not through the client), field by field.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RestSink } from '../../tracking/rest/rest-sink.ts';
import { openSink } from '../../tracking/uri.ts';
import { asRecord, rawHistory, rawRun, standin, testSink } from './rest-fixture.ts';
import { tempDir } from './temp-store.ts';

describe('RestSink logging', () => {
  it('logs a parent and a child run that read back field by field', async () => {
    const server = await standin();
    const { sink } = testSink(server.url);
    const experimentId = await sink.getOrCreateExperiment('kl-grading');
    expect(await sink.getOrCreateExperiment('kl-grading')).toBe(experimentId);

    const parent = await sink.createRun(experimentId, { runName: 'sweep', startTime: 1_000, tags: { 'orthobench.sweepId': 's1' } });
    const child = await sink.createRun(experimentId, { runName: 'job a', startTime: 2_000, parentRunId: parent.runId, tags: { 'orthobench.jobId': 'j1' } });
    await child.logParams({ 'pretrain.ema.start': 0.996, 'eval.folds': 5, flag: true, name: 'x y' });
    await child.logParams({ 'eval.folds': 5 }); // same value again: allowed, nothing sent
    await child.logMetrics([
      { key: 'pretrain/loss', value: 1.5, step: 0, timestamp: 10 },
      { key: 'pretrain/loss', value: 1.25, step: 1, timestamp: 11 },
      { key: 'kl/auc', value: 0.8125, step: 0, timestamp: 12 },
    ]);
    await child.setTags({ note: 'hello' });
    const source = join(await tempDir('rest-art'), 'report.md');
    await writeFile(source, '# report\n');
    await child.logArtifact('spec/resolved.json', '{"a":1}');
    await child.logArtifactFile('report.md', source);
    await child.end('FINISHED', 5_000);
    await parent.end('FAILED', 6_000);

    const c = await rawRun(server.url, child.runId);
    expect(c.info).toEqual({
      run_id: child.runId,
      run_uuid: child.runId,
      run_name: 'job a',
      experiment_id: experimentId,
      user_id: 'tester',
      status: 'FINISHED',
      start_time: 2_000,
      end_time: 5_000,
      artifact_uri: `mlflow-artifacts:/${experimentId}/${child.runId}/artifacts`,
      lifecycle_stage: 'active',
    });
    expect(asRecord(c.data.params)).toEqual({ 'pretrain.ema.start': '0.996', 'eval.folds': '5', flag: 'true', name: 'x y' });
    const tags = asRecord(c.data.tags);
    expect(tags).toMatchObject({
      'mlflow.user': 'tester',
      'mlflow.source.name': 'bench',
      'mlflow.source.type': 'LOCAL',
      'mlflow.runName': 'job a',
      'mlflow.parentRunId': parent.runId,
      'orthobench.jobId': 'j1',
      note: 'hello',
    });
    expect(tags['orthobench.clientRunKey']).toMatch(/^k\d+$/);
    expect(await rawHistory(server.url, child.runId, 'pretrain/loss')).toEqual([
      { key: 'pretrain/loss', value: 1.5, timestamp: 10, step: 0 },
      { key: 'pretrain/loss', value: 1.25, timestamp: 11, step: 1 },
    ]);
    expect(await rawHistory(server.url, child.runId, 'kl/auc')).toEqual([{ key: 'kl/auc', value: 0.8125, timestamp: 12, step: 0 }]);
    const artifactRoot = `${experimentId}/${child.runId}/artifacts`;
    expect(server.store.artifacts.get(`${artifactRoot}/spec/resolved.json`)?.toString()).toBe('{"a":1}');
    expect(server.store.artifacts.get(`${artifactRoot}/report.md`)?.toString()).toBe('# report\n');

    const p = await rawRun(server.url, parent.runId);
    expect(p.info).toMatchObject({ run_name: 'sweep', status: 'FAILED', start_time: 1_000, end_time: 6_000 });
    expect(asRecord(p.data.tags)['mlflow.parentRunId']).toBeUndefined();
    expect(asRecord(p.data.tags)['orthobench.sweepId']).toBe('s1');
    // The run's client key is not the child's.
    expect(asRecord(p.data.tags)['orthobench.clientRunKey']).not.toBe(tags['orthobench.clientRunKey']);
  });

  it('sends NaN and ±Infinity as strings and reads them back', async () => {
    const server = await standin();
    const { sink } = testSink(server.url);
    const run = await sink.createRun(await sink.getOrCreateExperiment('e'), { runName: 'r' });
    await run.logMetrics([
      { key: 'm', value: NaN, step: 0, timestamp: 1 },
      { key: 'm', value: Infinity, step: 1, timestamp: 2 },
      { key: 'm', value: -Infinity, step: 2, timestamp: 3 },
      { key: 'm', value: -0.5, step: 3, timestamp: 4 },
    ]);
    const batch = server.requests.find((r) => r.path.endsWith('/runs/log-batch') && r.body.includes('"m"'));
    expect(JSON.parse(batch!.body.toString()).metrics.map((m: { value: unknown }) => m.value)).toEqual(['NaN', 'Infinity', '-Infinity', -0.5]);
    expect((await rawHistory(server.url, run.runId, 'm')).map((m) => m.value)).toEqual(['NaN', 'Infinity', '-Infinity', -0.5]);
    expect((await sink.getMetricHistory(run.runId, 'm')).map((m) => m.value)).toEqual([NaN, Infinity, -Infinity, -0.5]);
  });

  it('finds a run by tag and resumes it without duplicating re-logged points', async () => {
    const server = await standin();
    const { sink } = testSink(server.url);
    const experimentId = await sink.getOrCreateExperiment('e');
    const first = await sink.createRun(experimentId, { runName: 'job', tags: { 'orthobench.jobId': 'abc' } });
    await first.logParams({ lr: 0.1 });
    await first.logMetrics([{ key: 'auc', value: 0.7, step: 0 }, { key: 'auc', value: 0.75, step: 1 }]);
    await first.end('FAILED');
    expect(await sink.findRunByTag(experimentId, 'orthobench.jobId', 'abc')).toBe(first.runId);
    expect(await sink.findRunByTag(experimentId, 'orthobench.jobId', 'nope')).toBeUndefined();

    const again = await sink.resumeRun(experimentId, first.runId, { discardMetrics: true });
    expect((await rawRun(server.url, first.runId)).info.status).toBe('RUNNING');
    await again.logParams({ lr: 0.1 });
    await expect(again.logParams({ lr: 0.2 })).rejects.toMatchObject({ code: 'PARAM_CHANGED' });
    await again.logMetrics([{ key: 'auc', value: 0.7, step: 0 }, { key: 'auc', value: 0.8, step: 1 }]);
    await again.end('FINISHED');
    const history = await rawHistory(server.url, first.runId, 'auc');
    // (0, 0.7) was already there; (1, 0.8) is new and, being later, is what runs/get reports.
    expect(history.map((m) => [m.step, m.value])).toEqual([[0, 0.7], [1, 0.75], [1, 0.8]]);
    expect((await rawRun(server.url, first.runId)).data.metrics).toEqual([expect.objectContaining({ key: 'auc', value: 0.8, step: 1 })]);
  });

  it('is what openSink returns for http(s) URIs', async () => {
    const server = await standin();
    const sink = openSink(`${server.url}/`, { rest: { env: {} }, spoolDir: 'spool', cwd: '/tmp/x' });
    expect(sink).toBeInstanceOf(RestSink);
    expect((sink as RestSink).spoolDir).toBe('/tmp/x/spool');
    expect(sink.describe()).toBe(`MLflow tracking server at ${server.url} (spooling to /tmp/x/spool if it is unreachable)`);
    expect(await sink.getOrCreateExperiment('via-uri')).toBe('1');
    expect(openSink('https://mlflow.example.org/prefix', { rest: { env: {} } }).describe()).toBe('MLflow tracking server at https://mlflow.example.org/prefix');
  });

  it('refuses a deleted experiment and credentials in the URI', async () => {
    const server = await standin();
    const { sink } = testSink(server.url);
    const id = await sink.getOrCreateExperiment('old');
    server.store.deleteExperiment(id);
    await expect(testSink(server.url).sink.getOrCreateExperiment('old')).rejects.toMatchObject({ code: 'DELETED' });
    expect(() => new RestSink('http://me:s3cret@127.0.0.1:1', { env: {} })).toThrow(/contains credentials/);
    expect(() => new RestSink('http://me:s3cret@127.0.0.1:1', { env: {} })).not.toThrow(/s3cret/);
  });
});
