// Outage handling: the server is killed mid-run, logging continues into the spool, the server comes
// back and the spool is replayed with no duplicate runs or points — also when replayed twice.
import { cp, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replaySpool } from '../../tracking/rest/replay.ts';
import { summarizeReplay, syncSpool } from '../../tracking/rest/sync.ts';
import type { TrackedRun } from '../../tracking/sink.ts';
import { asRecord, rawHistory, rawRun, standin, testSink } from './rest-fixture.ts';
import type { MlflowStandin } from './rest-standin.ts';
import { tempDir } from './temp-store.ts';

const points = (key: string, from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => ({ key, value: (from + i) / 4, step: from + i, timestamp: 1_000 + from + i }));

function runsNamed(server: MlflowStandin, name: string) {
  return [...server.store.runs.values()].filter((r) => r.info.run_name === name);
}

async function spoolFiles(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.jsonl'));
}

/** Logs a sweep; the server dies after the first job's first metrics. Returns the runs made online. */
async function logThroughOutage(server: MlflowStandin, spoolDir: string): Promise<{ parent: TrackedRun; child: TrackedRun; offline: TrackedRun[] }> {
  const { sink } = testSink(server.url, { spoolDir });
  const experimentId = await sink.getOrCreateExperiment('kl');
  const parent = await sink.createRun(experimentId, { runName: 'sweep', startTime: 100 });
  const child = await sink.createRun(experimentId, { runName: 'job a', startTime: 200, parentRunId: parent.runId });
  await child.logParams({ lr: 0.1 });
  await child.logMetrics(points('loss', 0, 3));

  await server.stop(); // killed mid-run

  await child.logMetrics(points('loss', 3, 6));
  expect(sink.isOffline()).toBe(true);
  await child.logArtifact('report.md', '# a');
  await child.end('FINISHED', 9_000);
  const second = await sink.createRun(experimentId, { runName: 'job b', startTime: 300, parentRunId: parent.runId });
  expect(second.runId).toMatch(/^offline-run-/);
  await second.logParams({ lr: 0.2 });
  await second.logMetrics([...points('loss', 0, 4), { key: 'auc', value: NaN, step: 0, timestamp: 5 }]);
  const fold = await sink.createRun(experimentId, { runName: 'fold 0', startTime: 400, parentRunId: second.runId });
  await fold.logMetrics(points('auc', 0, 2));
  await fold.end('FINISHED', 9_500);
  await second.end('FINISHED', 9_600);
  await parent.end('FINISHED', 9_900);
  return { parent, child, offline: [second, fold] };
}

describe('spool and replay', () => {
  it('replays an outage with no duplicate runs or points', async () => {
    const server = await standin();
    const spoolDir = join(await tempDir('spool'), '.mlflow-spool');
    const { parent, child } = await logThroughOutage(server, spoolDir);
    expect(await spoolFiles(spoolDir)).toHaveLength(4); // parent, job a, job b, fold 0

    await server.start(); // back, same state
    const report = await replaySpool(spoolDir, testSink(server.url).sink);
    expect(report.files.map((f) => f.status)).toEqual(['replayed', 'replayed', 'replayed', 'replayed']);
    expect(summarizeReplay(report)).toMatchObject({ replayed: 4, failed: 0, runsCreated: 2 });
    expect(await spoolFiles(spoolDir)).toEqual([]);

    expect(server.store.runs.size).toBe(4);
    const [jobB] = runsNamed(server, 'job b');
    const [fold] = runsNamed(server, 'fold 0');
    expect(jobB.tags.get('mlflow.parentRunId')).toBe(parent.runId);
    expect(fold.tags.get('mlflow.parentRunId')).toBe(jobB.info.run_id);
    expect(jobB.info).toMatchObject({ status: 'FINISHED', start_time: 300, end_time: 9_600, user_id: 'tester' });
    expect(asRecord((await rawRun(server.url, jobB.info.run_id)).data.params)).toEqual({ lr: '0.2' });
    expect((await rawHistory(server.url, jobB.info.run_id, 'auc')).map((m) => m.value)).toEqual(['NaN']);

    const a = await rawRun(server.url, child.runId);
    expect(a.info).toMatchObject({ status: 'FINISHED', end_time: 9_000 });
    expect((await rawHistory(server.url, child.runId, 'loss')).map((m) => m.step)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(server.store.artifacts.get(`1/${child.runId}/artifacts/report.md`)?.toString()).toBe('# a');
    expect((await rawRun(server.url, parent.runId)).info).toMatchObject({ status: 'FINISHED', end_time: 9_900 });
  });

  it('replaying the same spool twice (a sync that died half-way) adds nothing', async () => {
    const server = await standin();
    const spoolDir = join(await tempDir('spool'), '.mlflow-spool');
    const backup = join(await tempDir('spool-copy'), 'copy');
    await logThroughOutage(server, spoolDir);
    await server.start();
    await cp(spoolDir, backup, { recursive: true });

    await replaySpool(spoolDir, testSink(server.url).sink);
    const snapshot = JSON.stringify([...server.store.runs.values()].map((r) => [r.info, [...r.params], r.metrics]));
    await cp(backup, spoolDir, { recursive: true });
    const again = await replaySpool(spoolDir, testSink(server.url).sink);
    expect(again.files.every((f) => f.status === 'replayed' && !f.created)).toBe(true);
    expect(summarizeReplay(again).pointsSent).toBe(0);
    expect(summarizeReplay(again).pointsSkipped).toBe(3 + 5 + 2);
    expect(JSON.stringify([...server.store.runs.values()].map((r) => [r.info, [...r.params], r.metrics]))).toBe(snapshot);
  });

  it('spools from the start when the server is down before the experiment exists', async () => {
    const server = await standin();
    await server.stop();
    const spoolDir = join(await tempDir('spool'), 's');
    const { sink } = testSink(server.url, { spoolDir });
    const experimentId = await sink.getOrCreateExperiment('fresh');
    expect(experimentId).toMatch(/^offline-exp-/);
    expect(await sink.findRunByTag(experimentId, 'orthobench.jobId', 'x')).toBeUndefined();
    const run = await sink.createRun(experimentId, { runName: 'r', startTime: 5 });
    await run.logParams({ a: 'b' });
    await run.logParams({ a: 'b' });
    await expect(run.logParams({ a: 'c' })).rejects.toMatchObject({ code: 'PARAM_CHANGED' });
    await run.end('KILLED', 6);

    await server.start();
    const report = await syncSpool(spoolDir, { env: {}, retry: { sleep: async () => {} } });
    expect(summarizeReplay(report)).toMatchObject({ files: 1, replayed: 1, runsCreated: 1 });
    const experiment = [...server.store.experiments.values()].find((e) => e.name === 'fresh');
    const [stored] = runsNamed(server, 'r');
    expect(stored.info).toMatchObject({ experiment_id: experiment?.experiment_id, status: 'KILLED', start_time: 5, end_time: 6 });
    expect([...stored.params]).toEqual([['a', 'b']]);
  });

  it('keeps the files and reports failures while the server is still down', async () => {
    const server = await standin();
    const spoolDir = join(await tempDir('spool'), 's');
    await logThroughOutage(server, spoolDir);
    const { sink, sleeps } = testSink(server.url);
    const report = await replaySpool(spoolDir, sink);
    expect(report.files.map((f) => f.status)).toEqual(['failed', 'failed', 'failed', 'failed']);
    expect(report.files[0].error).toMatch(/cannot reach the server/);
    expect(report.files.slice(1).map((f) => f.error)).toEqual(Array(3).fill('not attempted: the tracking server is unreachable'));
    expect(sleeps.length).toBe(4); // one request's retries, not one per file
    expect(await spoolFiles(spoolDir)).toHaveLength(4);
    await expect(replaySpool(spoolDir, testSink(server.url, { spoolDir }).sink)).rejects.toThrow(/without a spool folder/);

    await server.start();
    expect(summarizeReplay(await replaySpool(spoolDir, testSink(server.url).sink))).toMatchObject({ replayed: 4, failed: 0 });
    expect(server.store.runs.size).toBe(4);
  });

  it('lets a job keep logging after sync claimed its file', async () => {
    const server = await standin();
    const spoolDir = join(await tempDir('spool'), 's');
    const { sink } = testSink(server.url, { spoolDir });
    const experimentId = await sink.getOrCreateExperiment('e');
    await server.stop();
    const run = await sink.createRun(experimentId, { runName: 'long job', startTime: 1 });
    await run.logMetrics(points('loss', 0, 2));
    await server.start();
    await replaySpool(spoolDir, testSink(server.url).sink); // the job is still running (and still offline)
    await run.logMetrics(points('loss', 2, 4));
    await run.end('FINISHED', 50);
    const [file] = await spoolFiles(spoolDir);
    expect((await readFile(join(spoolDir, file), 'utf8')).split('\n')[0]).toContain('"type":"run"');
    await replaySpool(spoolDir, testSink(server.url).sink);
    const runs = runsNamed(server, 'long job');
    expect(runs).toHaveLength(1);
    expect(runs[0].info.status).toBe('FINISHED');
    expect(runs[0].metrics.map((m) => m.step)).toEqual([0, 1, 2, 3]);
  });

  it('skips a torn last line and reports a file that is not a spool file', async () => {
    const server = await standin();
    const spoolDir = join(await tempDir('spool'), 's');
    const { sink } = testSink(server.url, { spoolDir });
    const experimentId = await sink.getOrCreateExperiment('e');
    await server.stop();
    const run = await sink.createRun(experimentId, { runName: 'torn', startTime: 1 });
    await run.logMetrics(points('loss', 0, 1));
    const [file] = await spoolFiles(spoolDir);
    const { appendFile, writeFile } = await import('node:fs/promises');
    await appendFile(join(spoolDir, file), '{"type":"metrics","poi');
    await writeFile(join(spoolDir, 'junk.jsonl'), 'hello\n');
    await server.start();
    const report = await replaySpool(spoolDir, testSink(server.url).sink);
    expect(report.files.map((f) => f.status).sort()).toEqual(['failed', 'replayed']);
    expect(report.files.find((f) => f.status === 'failed')?.error).toMatch(/not an orthobench spool file/);
    expect(runsNamed(server, 'torn')[0].metrics).toHaveLength(1);
    await rm(spoolDir, { recursive: true, force: true });
  });
});
