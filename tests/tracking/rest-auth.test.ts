// Credentials from MLFLOW_TRACKING_USERNAME/PASSWORD or MLFLOW_TRACKING_TOKEN reach the server in the
// Authorization header and nowhere else: not in error messages, descriptions or spool files.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { credentialsFromEnv } from '../../tracking/rest/auth.ts';
import { standin, testSink } from './rest-fixture.ts';
import { tempDir } from './temp-store.ts';

const PASSWORD = 'pa55-W0rd-xyzzy';
const TOKEN = 'tok-3f9a1c77e2';
const basic = `Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`;

function everythingAbout(error: unknown): string {
  const e = error as Error & { cause?: unknown };
  return [String(e), e.message, e.stack ?? '', JSON.stringify(e), String(e.cause), (e.cause as Error | undefined)?.message ?? ''].join('\n');
}

describe('authentication', () => {
  it('sends basic auth, which wins over a token as in MLflow', async () => {
    const server = await standin({ requireAuthorization: basic });
    const env = { MLFLOW_TRACKING_USERNAME: 'alice', MLFLOW_TRACKING_PASSWORD: PASSWORD, MLFLOW_TRACKING_TOKEN: TOKEN };
    const { sink } = testSink(server.url, { env });
    await sink.getOrCreateExperiment('e');
    expect(server.requests.every((r) => r.authorization === basic)).toBe(true);
  });

  it('sends a bearer token', async () => {
    const server = await standin({ requireAuthorization: `Bearer ${TOKEN}` });
    const { sink } = testSink(server.url, { env: { MLFLOW_TRACKING_TOKEN: TOKEN } });
    const run = await sink.createRun(await sink.getOrCreateExperiment('e'), { runName: 'r' });
    await run.logArtifact('a.txt', 'x');
    expect(server.requests.map((r) => r.authorization)).toEqual(server.requests.map(() => `Bearer ${TOKEN}`));
  });

  it('reports refused credentials without the secret', async () => {
    const server = await standin({ requireAuthorization: 'Bearer the-right-one' });
    for (const env of [{ MLFLOW_TRACKING_TOKEN: TOKEN }, { MLFLOW_TRACKING_USERNAME: 'alice', MLFLOW_TRACKING_PASSWORD: PASSWORD }]) {
      const { sink, sleeps } = testSink(server.url, { env });
      const error = await sink.getOrCreateExperiment('e').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'UNAUTHORIZED', httpStatus: 401 });
      expect(sleeps).toEqual([]); // not retried
      const text = everythingAbout(error);
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(Buffer.from(`alice:${PASSWORD}`).toString('base64'));
      expect(sink.describe()).not.toContain(PASSWORD);
    }
  });

  it('keeps the secret out of outage errors and spool files', async () => {
    const server = await standin({ requireAuthorization: `Bearer ${TOKEN}` });
    const spoolDir = join(await tempDir('rest-auth'), 'spool');
    const offline: string[] = [];
    const { sink } = testSink(server.url, { env: { MLFLOW_TRACKING_TOKEN: TOKEN }, spoolDir, onOffline: (e) => offline.push(everythingAbout(e)) });
    const run = await sink.createRun(await sink.getOrCreateExperiment('e'), { runName: 'r' });
    await server.stop();
    await run.logParams({ a: 1 });
    await run.end('FINISHED');
    expect(offline).toHaveLength(1);
    expect(offline[0]).toMatch(/cannot reach the server/);
    expect(offline[0]).not.toContain(TOKEN);
    const files = await readdir(spoolDir);
    expect(files).toHaveLength(1);
    expect(await readFile(join(spoolDir, files[0]), 'utf8')).not.toContain(TOKEN);
  });

  it('reads the environment as MLflow does', () => {
    expect(credentialsFromEnv({})).toEqual({ kind: 'none' });
    expect(credentialsFromEnv({ MLFLOW_TRACKING_TOKEN: 't' })).toEqual({ kind: 'bearer', token: 't' });
    expect(credentialsFromEnv({ MLFLOW_TRACKING_USERNAME: 'u', MLFLOW_TRACKING_PASSWORD: 'p', MLFLOW_TRACKING_TOKEN: 't' })).toEqual({ kind: 'basic', username: 'u', password: 'p' });
    expect(() => credentialsFromEnv({ MLFLOW_TRACKING_PASSWORD: PASSWORD })).toThrow(/MLFLOW_TRACKING_USERNAME is not set/);
    expect(() => credentialsFromEnv({ MLFLOW_TRACKING_PASSWORD: PASSWORD })).not.toThrow(new RegExp(PASSWORD));
  });
});
