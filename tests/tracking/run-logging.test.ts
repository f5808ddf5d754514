// Run-level rules shared with MLflow: immutable params, key validation, value limits, metric checks,
// artifact paths, and the runName/tag consistency MLflow's create_run enforces.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStoreSink } from '../../tracking/file-store.ts';
import { TrackingError } from '../../tracking/errors.ts';
import { parse } from 'yaml';
import type { TrackedRun } from '../../tracking/sink.ts';
import { tempDir } from './temp-store.ts';

async function newRun(): Promise<{ root: string; experimentId: string; run: TrackedRun; sink: FileStoreSink }> {
  const root = join(await tempDir('runs'), 'mlruns');
  const sink = new FileStoreSink(root);
  const experimentId = await sink.getOrCreateExperiment('rules');
  const run = await sink.createRun(experimentId, { runName: 'r' });
  return { root, experimentId, run, sink };
}

async function caught(promise: Promise<unknown>): Promise<TrackingError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TrackingError);
  return error as TrackingError;
}

describe('params are immutable', () => {
  it('accepts re-logging the same value and rejects a different one, naming key, old and new values', async () => {
    const { run } = await newRun();
    await run.logParams({ 'optimizer.lr': 0.0005, 'data.source': 'synthetic:kl-grade' });
    await run.logParams({ 'optimizer.lr': 0.0005 });
    const error = await caught(run.logParams({ 'optimizer.lr': 0.001 }));
    expect(error.code).toBe('PARAM_CHANGED');
    expect(error.message).toContain("'optimizer.lr'");
    expect(error.message).toContain("'0.0005'");
    expect(error.message).toContain("'0.001'");
  });

  it('holds across sink instances (the stored file is the reference)', async () => {
    const { root, experimentId, run } = await newRun();
    await run.logParams({ seed: 1 });
    const reopened = await new FileStoreSink(root).resumeRun(experimentId, run.runId);
    await reopened.logParams({ seed: 1 });
    await expect(reopened.logParams({ seed: 2 })).rejects.toMatchObject({ code: 'PARAM_CHANGED' });
  });

  it('rejects a value over 6000 characters instead of truncating it', async () => {
    const { run } = await newRun();
    await run.logParams({ ok: 'x'.repeat(6000) });
    const error = await caught(run.logParams({ long: 'x'.repeat(6001) }));
    expect(error.code).toBe('VALUE_TOO_LONG');
    expect(error.message).toContain("'long'");
  });
});

describe('keys follow MLflow name rules', () => {
  const bad = ['', 'a:b', 'a*b', '/abs', 'a/', 'a//b', '../up', 'a/./b', 'x'.repeat(251), 'tab\tkey'];

  it('rejects bad metric, param and tag keys with the key in the message', async () => {
    const { run } = await newRun();
    for (const key of bad) {
      for (const attempt of [
        run.logMetrics([{ key, value: 1, step: 0 }]),
        run.logParams({ [key]: 1 }),
        run.setTags({ [key]: 'v' }),
      ]) {
        const error = await caught(attempt);
        expect(error.code, JSON.stringify(key)).toBe('INVALID_KEY');
        expect(error.message).toContain(JSON.stringify(key).slice(1, 20));
      }
    }
  });

  it('accepts keys with spaces, dashes, periods, slashes and 250 characters', async () => {
    const { run } = await newRun();
    const keys = ['val auc', 'kl-grade/fraction 0.25/auc', 'a.b_c', 'x'.repeat(250)];
    await run.logMetrics(keys.map((key) => ({ key, value: 0.5, step: 0 })));
    await run.logParams(Object.fromEntries(keys.map((k) => [k, 1])));
  });
});

describe('metric points', () => {
  it('rejects non-integer steps, negative timestamps and non-numeric values', async () => {
    const { run } = await newRun();
    await expect(run.logMetrics([{ key: 'm', value: 1, step: 0.5 }])).rejects.toMatchObject({ code: 'INVALID_VALUE' });
    await expect(run.logMetrics([{ key: 'm', value: 1, step: 0, timestamp: -1 }])).rejects.toMatchObject({ code: 'INVALID_VALUE' });
    await expect(run.logMetrics([{ key: 'm', value: '1' as unknown as number, step: 0 }])).rejects.toMatchObject({
      code: 'INVALID_VALUE',
    });
  });

  it('writes nothing from a batch that has one bad point', async () => {
    const { root, experimentId, run } = await newRun();
    await expect(
      run.logMetrics([
        { key: 'good', value: 1, step: 0 },
        { key: 'bad:key', value: 1, step: 0 },
      ]),
    ).rejects.toMatchObject({ code: 'INVALID_KEY' });
    await expect(readFile(join(root, experimentId, run.runId, 'metrics', 'good'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('writes ±Infinity as inf/-inf and appends across calls', async () => {
    const { root, experimentId, run } = await newRun();
    await run.logMetrics([{ key: 'm', value: Infinity, step: 0, timestamp: 5 }]);
    await run.logMetrics([{ key: 'm', value: -Infinity, step: 1, timestamp: 6 }]);
    expect(await readFile(join(root, experimentId, run.runId, 'metrics', 'm'), 'utf8')).toBe('5 inf 0\n6 -inf 1\n');
  });

  it('reports a metric name that is both a file and a folder as a conflict', async () => {
    const { run } = await newRun();
    await run.logMetrics([{ key: 'loss', value: 1, step: 0 }]);
    await expect(run.logMetrics([{ key: 'loss/train', value: 1, step: 0 }])).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('run creation and tags', () => {
  it('keeps meta.yaml run_name in step with the mlflow.runName tag', async () => {
    const { root, experimentId, run } = await newRun();
    await run.setTags({ 'mlflow.runName': 'renamed' });
    const meta = parse(await readFile(join(root, experimentId, run.runId, 'meta.yaml'), 'utf8')) as { run_name: string };
    expect(meta.run_name).toBe('renamed');
  });

  it('rejects a runName that disagrees with a caller mlflow.runName tag, and an empty runName', async () => {
    const { sink, experimentId } = await newRun();
    await expect(sink.createRun(experimentId, { runName: 'a', tags: { 'mlflow.runName': 'b' } })).rejects.toMatchObject({
      code: 'INVALID_VALUE',
    });
    await expect(sink.createRun(experimentId, { runName: '' })).rejects.toMatchObject({ code: 'INVALID_VALUE' });
  });

  it('rejects a run id clash instead of merging two runs', async () => {
    const root = join(await tempDir('runs'), 'mlruns');
    const sink = new FileStoreSink(root, { newRunId: () => 'feedfacefeedfacefeedfacefeedface' });
    const experimentId = await sink.getOrCreateExperiment('clash');
    await sink.createRun(experimentId, { runName: 'first' });
    await expect(sink.createRun(experimentId, { runName: 'second' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses artifact paths outside the run artifact folder', async () => {
    const { run } = await newRun();
    for (const path of ['../escape.txt', '/etc/passwd', 'a/../../b', '']) {
      await expect(run.logArtifact(path, 'x'), path).rejects.toMatchObject({ code: 'INVALID_KEY' });
    }
  });

  it('rejects an end status other than FINISHED, FAILED or KILLED', async () => {
    const { run } = await newRun();
    await expect(run.end('RUNNING' as 'FINISHED')).rejects.toMatchObject({ code: 'INVALID_VALUE' });
  });
});
