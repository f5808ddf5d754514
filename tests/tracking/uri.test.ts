// openSink picks the backend from the tracking URI; the null sink still applies MLflow's rules.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStoreSink } from '../../tracking/file-store.ts';
import { NullSink } from '../../tracking/null-sink.ts';
import { RestSink } from '../../tracking/rest/rest-sink.ts';
import { openSink } from '../../tracking/uri.ts';
import { tempDir } from './temp-store.ts';

describe('openSink', () => {
  it("gives a no-op sink for '' and 'none'", () => {
    for (const uri of ['', '  ', 'none', 'NONE']) {
      const sink = openSink(uri);
      expect(sink).toBeInstanceOf(NullSink);
      expect(sink.describe()).toBe('no tracking');
    }
  });

  it('gives a file store for a relative path, an absolute path and file: URIs', () => {
    const cwd = '/work/somewhere';
    const cases: [string, string][] = [
      ['./mlruns', '/work/somewhere/mlruns'],
      ['mlruns', '/work/somewhere/mlruns'],
      ['/data/ml runs', '/data/ml runs'],
      ['file:///data/ml%20runs', '/data/ml runs'],
      ['file:./mlruns', '/work/somewhere/mlruns'],
      ['file://localhost/data/x', '/data/x'],
    ];
    for (const [uri, dir] of cases) {
      const sink = openSink(uri, { cwd });
      expect(sink).toBeInstanceOf(FileStoreSink);
      expect((sink as FileStoreSink).rootDir, uri).toBe(dir);
      expect(sink.describe()).toBe(`MLflow file store at ${dir}`);
    }
  });

  it('gives the REST sink for http(s) URIs and rejects other schemes', () => {
    expect(openSink('http://localhost:5000', { rest: { env: {} } })).toBeInstanceOf(RestSink);
    expect(openSink('HTTPS://mlflow.example.org', { rest: { env: {} } }).describe()).toBe('MLflow tracking server at https://mlflow.example.org');
    expect(() => openSink('sqlite:///mlflow.db')).toThrow(/scheme 'sqlite:' is not supported/);
  });

  it('writes through the returned file store', async () => {
    const root = join(await tempDir('uri'), 'mlruns');
    const sink = openSink(`file://${root}`);
    const id = await sink.getOrCreateExperiment('via-uri');
    expect(await new FileStoreSink(root).getOrCreateExperiment('via-uri')).toBe(id);
  });
});

describe('NullSink', () => {
  it('stores nothing but enforces key rules and param immutability', async () => {
    const sink = openSink('none');
    const experimentId = await sink.getOrCreateExperiment('dry');
    const run = await sink.createRun(experimentId, { runName: 'r' });
    await run.logParams({ a: 1 });
    await run.logParams({ a: 1 });
    await expect(run.logParams({ a: 2 })).rejects.toMatchObject({ code: 'PARAM_CHANGED' });
    await expect(run.logMetrics([{ key: 'bad:key', value: 1, step: 0 }])).rejects.toMatchObject({ code: 'INVALID_KEY' });
    await run.logMetrics([{ key: 'ok', value: NaN, step: 0 }]);
    await run.logArtifact('x.txt', 'ignored');
    await run.end('FINISHED');
    expect(await sink.findRunByTag(experimentId, 'k', 'v')).toBeUndefined();
    const second = await sink.createRun(experimentId, { runName: 'r2' });
    expect(second.runId).not.toBe(run.runId);
  });
});
