// Reading runs back: the same run logged to the file store and to the stand-in server reads back identically
// through FileStoreReader and RestReader (params, tags, metric histories with NaN/±inf, nested artifacts and
// their bytes); metric lines written by MLflow's own code (the fixture) parse to their values.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStoreReader } from '../../tracking/file-reader.ts';
import { FileStoreSink } from '../../tracking/file-store.ts';
import { openReader } from '../../tracking/open-reader.ts';
import { listArtifactFiles, type TrackingReader } from '../../tracking/reader.ts';
import { RestReader } from '../../tracking/rest/rest-reader.ts';
import type { TrackingSink } from '../../tracking/sink.ts';
import { fixture, parsePythonFloat } from './mlflow-fixture.ts';
import { standin, testSink } from './rest-fixture.ts';
import { steppingClock, tempDir } from './temp-store.ts';

const BINARY = Uint8Array.from([0, 255, 10, 13, 128, 1]);

async function logSample(sink: TrackingSink): Promise<string> {
  const experimentId = await sink.getOrCreateExperiment('read-back');
  const run = await sink.createRun(experimentId, { runName: 'job a', startTime: 1_000, tags: { 'orthobench.jobId': 'j1' } });
  await run.logParams({ 'pretrain.ema.start': 0.996, 'eval.folds': 5 });
  await run.setTags({ note: 'hello' });
  await run.logMetrics([
    { key: 'pretrain/loss', value: 1.5, step: 0, timestamp: 10 },
    { key: 'pretrain/loss', value: Number.NaN, step: 1, timestamp: 11 },
    { key: 'pretrain/loss', value: Infinity, step: 2, timestamp: 12 },
    { key: 'kl/auc', value: 1e-7, step: 0, timestamp: 13 },
  ]);
  await run.logArtifact('result.json', '{"a":1}\n');
  await run.logArtifact('report/figures/curve.bin', BINARY);
  await run.end('FINISHED', 5_000);
  return run.runId;
}

async function readAll(reader: TrackingReader, runId: string) {
  const run = await reader.getRun(runId);
  if (run === undefined) throw new Error('run not found');
  const history = Object.fromEntries(await Promise.all(run.metricKeys.map(async (key) => [key, await reader.getMetricHistory(runId, key)] as const)));
  const files = await listArtifactFiles(reader, runId);
  const bytes = Object.fromEntries(await Promise.all(files.map(async (f) => [f.path, Array.from((await reader.readArtifact(runId, f.path)) ?? [])] as const)));
  return { run, history, files, bytes };
}

describe('FileStoreReader and RestReader', () => {
  it('read the same logged run back identically from both stores', async () => {
    const root = join(await tempDir('read-back'), 'mlruns');
    const fileRunId = await logSample(new FileStoreSink(root, { now: steppingClock(), user: 'tester', sourceName: 'bench' }));
    const server = await standin();
    const restRunId = await logSample(testSink(server.url).sink);

    const fromFile = await readAll(new FileStoreReader(root), fileRunId);
    const fromRest = await readAll(new RestReader(server.url, { env: {} }), restRunId);

    expect(fromFile.run.params).toEqual({ 'pretrain.ema.start': '0.996', 'eval.folds': '5' });
    expect(fromRest.run.params).toEqual(fromFile.run.params);
    const { ['orthobench.clientRunKey']: clientKey, ...restTags } = fromRest.run.tags;
    expect(clientKey).toMatch(/^k\d+$/); // only runs made through the REST sink carry it
    expect(restTags).toEqual(fromFile.run.tags);
    expect(fromFile.run.tags).toMatchObject({ note: 'hello', 'orthobench.jobId': 'j1', 'mlflow.runName': 'job a' });
    expect(fromFile.run.metricKeys).toEqual(['kl/auc', 'pretrain/loss']);
    expect(fromRest.run.metricKeys).toEqual(fromFile.run.metricKeys);
    expect(fromFile.history['pretrain/loss']).toEqual([
      { timestamp: 10, value: 1.5, step: 0 },
      { timestamp: 11, value: Number.NaN, step: 1 },
      { timestamp: 12, value: Infinity, step: 2 },
    ]);
    expect(fromRest.history).toEqual(fromFile.history);
    expect(fromFile.files).toEqual([
      { path: 'report/figures/curve.bin', isDir: false, size: BINARY.length },
      { path: 'result.json', isDir: false, size: 8 },
    ]);
    expect(fromRest.files).toEqual(fromFile.files);
    expect(fromFile.bytes['report/figures/curve.bin']).toEqual(Array.from(BINARY));
    expect(fromRest.bytes).toEqual(fromFile.bytes);
    expect(fromFile.run).toMatchObject({ status: 'FINISHED', lifecycleStage: 'active', runName: 'job a' });
    expect(fromRest.run).toMatchObject({ status: 'FINISHED', lifecycleStage: 'active', runName: 'job a' });
  });

  it('lists one folder level at a time, like MLflow ListArtifacts', async () => {
    const server = await standin();
    const runId = await logSample(testSink(server.url).sink);
    const reader = new RestReader(server.url, { env: {} });
    expect(await reader.listArtifacts(runId)).toEqual([
      { path: 'report', isDir: true },
      { path: 'result.json', isDir: false, size: 8 },
    ]);
    expect(await reader.listArtifacts(runId, 'report/figures')).toEqual([{ path: 'report/figures/curve.bin', isDir: false, size: BINARY.length }]);
  });

  it('answer undefined for an unknown run or a missing artifact, and refuse paths out of the run', async () => {
    const root = join(await tempDir('read-back'), 'mlruns');
    const runId = await logSample(new FileStoreSink(root));
    const server = await standin();
    const restRunId = await logSample(testSink(server.url).sink);
    const unknown = '0123456789abcdef0123456789abcdef';
    for (const [reader, id] of [[new FileStoreReader(root), runId], [new RestReader(server.url, { env: {} }), restRunId]] as const) {
      expect(await reader.getRun(unknown)).toBeUndefined();
      expect(await reader.readArtifact(id, 'nope.json')).toBeUndefined();
      expect(await reader.readArtifact(id, 'report')).toBeUndefined();
      await expect(reader.readArtifact(id, '../meta.yaml')).rejects.toMatchObject({ code: 'INVALID_KEY' });
    }
  });

  it('parse metric lines exactly as MLflow wrote them (fixture from mlflow/store/tracking/file_store.py)', async () => {
    const root = join(await tempDir('read-back'), 'mlruns');
    const runId = await logSample(new FileStoreSink(root));
    const reader = new FileStoreReader(root);
    const run = await reader.getRun(runId);
    const metricsDir = join(root, run!.experimentId, runId, 'metrics');
    await mkdir(metricsDir, { recursive: true });
    await writeFile(join(metricsDir, 'from_mlflow'), fixture.metricLines.map((m) => m.line).join(''));
    const points = await reader.getMetricHistory(runId, 'from_mlflow');
    expect(points).toEqual(fixture.metricLines.map((m) => ({ timestamp: m.timestamp, value: parsePythonFloat(m.value), step: m.step })));
  });

  it('openReader picks the backend from the URI and refuses "none"', () => {
    expect(openReader('./mlruns', { cwd: '/tmp/x' })).toBeInstanceOf(FileStoreReader);
    expect((openReader('file:///tmp/x/mlruns') as FileStoreReader).rootDir).toBe('/tmp/x/mlruns');
    expect(openReader('http://127.0.0.1:5000', { rest: { env: {} } })).toBeInstanceOf(RestReader);
    expect(() => openReader('none')).toThrow(/names no tracking store/);
    expect(() => openReader('s3://bucket/x')).toThrow(/not supported/);
  });
});
