// End to end: the smoke profile of experiments/kl-grading.ts is run once with `bench run --tracking <stand-in
// server>`; the finished job is then logged to a file store the way `bench run` logs a reused job (trackJob with
// the job folder; in-process, which saves a second start of the runtime). Both runs are read back — the file store
// through FileStoreReader, the server through runs/search, metrics/get-history, artifacts/list and artifact
// downloads — and must hold the same params, tags, metric points and artifact bytes. Then `bench gate` rebuilds
// the baseline from each store alone.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerGate } from '../../cli/commands/gate.ts';
import type { JobResult } from '../../dsl/results.ts';
import { JOB_ID_TAG, trackJob } from '../../reports/track-job.ts';
import { FileStoreReader } from '../../tracking/file-reader.ts';
import { FileStoreSink } from '../../tracking/file-store.ts';
import { listArtifactFiles, type TrackingReader } from '../../tracking/reader.ts';
import { tagFilter } from '../../tracking/rest/client.ts';
import { RestReader } from '../../tracking/rest/rest-reader.ts';
import { bench } from '../reports/gate-cli-harness.ts';
import { startStandin, type MlflowStandin } from '../tracking/rest-standin.ts';

const run = promisify(execFile);
const BENCH = join(import.meta.dirname, '..', '..', 'bin', 'bench.js');
const SPEC = join(import.meta.dirname, '..', '..', 'experiments', 'kl-grading.ts');
const EXPERIMENT = 'kl-grading';
/** Tags that legitimately differ: the REST sink's client key, which makes retried run creation idempotent. */
const REST_ONLY_TAGS = ['orthobench.clientRunKey'];

interface ReadBack {
  runId: string;
  runName: string;
  status: string;
  params: Record<string, string>;
  tags: Record<string, string>;
  metrics: Record<string, Array<{ step: number; value: number; timestamp: number }>>;
  artifacts: Record<string, Buffer>;
}

async function readBack(reader: TrackingReader, runId: string): Promise<ReadBack> {
  const snapshot = await reader.getRun(runId);
  if (snapshot === undefined) throw new Error(`run ${runId} not found in ${reader.describe()}`);
  const metrics: ReadBack['metrics'] = {};
  for (const key of snapshot.metricKeys) {
    const points = await reader.getMetricHistory(runId, key);
    metrics[key] = points.map(({ step, value, timestamp }) => ({ step, value, timestamp })).sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
  }
  const artifacts: ReadBack['artifacts'] = {};
  for (const file of await listArtifactFiles(reader, runId)) artifacts[file.path] = Buffer.from((await reader.readArtifact(runId, file.path))!);
  return { runId, runName: snapshot.runName, status: snapshot.status, params: snapshot.params, tags: snapshot.tags, metrics, artifacts };
}

describe('the smoke run logs identically to the file store and to the stand-in server', () => {
  let dir = '';
  let server: MlflowStandin;
  let jobId = '';
  let fromFile: ReadBack;
  let fromRest: ReadBack;
  let elapsed = 0;

  beforeAll(async () => {
    const t0 = Date.now();
    dir = await mkdtemp(join(tmpdir(), 'orthobench-parity-'));
    server = await startStandin();
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('MLFLOW_')));
    const smoke = await run(process.execPath, [BENCH, 'run', SPEC, '--profile', 'smoke', '--out', join(dir, 'runs'), '--tracking', server.url, '-q'], {
      cwd: dir,
      env: { ...env, NO_COLOR: '1' },
      maxBuffer: 1 << 24,
    });
    expect(smoke.stdout).toMatch(/1\/1 job\(s\) finished/);
    [jobId] = (await readdir(join(dir, 'runs'))).filter((name) => !name.startsWith('.'));

    const root = join(dir, 'mlruns');
    const jobDir = join(dir, 'runs', jobId);
    const result = JSON.parse(await readFile(join(jobDir, 'result.json'), 'utf8')) as JobResult;
    // The CLI's mlflow.source.name is its entry script; the in-process sink is told the same.
    const fileRunId = await trackJob(new FileStoreSink(root, { sourceName: BENCH }), result, { experimentName: EXPERIMENT, reportDir: jobDir });
    fromFile = await readBack(new FileStoreReader(root), fileRunId);

    const reader = new RestReader(server.url, { env: {} });
    const restExperiment = await reader.client.getExperimentByName(EXPERIMENT);
    const found = await reader.client.searchRuns({ experimentIds: [restExperiment!.experimentId], filter: tagFilter(JOB_ID_TAG, jobId) });
    expect(found).toHaveLength(1);
    fromRest = await readBack(reader, found[0].info.runId);
    elapsed = (Date.now() - t0) / 1000;
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('has the same run name, status and params', () => {
    console.log(`smoke run, logging and read-back took ${elapsed.toFixed(1)} s`);
    expect(fromRest.runName).toBe(fromFile.runName);
    expect(fromFile.status).toBe('FINISHED');
    expect(fromRest.status).toBe('FINISHED');
    expect(Object.keys(fromFile.params).length).toBeGreaterThan(50);
    expect(fromRest.params).toEqual(fromFile.params);
  });

  it('has the same tags, except the ones listed as legitimately different', () => {
    const withoutRestOnly = Object.fromEntries(Object.entries(fromRest.tags).filter(([key]) => !REST_ONLY_TAGS.includes(key)));
    expect(withoutRestOnly).toEqual(fromFile.tags);
    for (const key of REST_ONLY_TAGS) expect(fromRest.tags[key]).toBeTruthy();
    expect(fromFile.tags).toMatchObject({ [JOB_ID_TAG]: jobId, 'orthobench.baselineBundle': 'baseline-bundle.json' });
  });

  it('has the same metric keys with all their (step, value) points', () => {
    expect(Object.keys(fromFile.metrics)).toContain('pretrain/loss');
    expect(Object.keys(fromFile.metrics).some((k) => k.endsWith('/accuracy/fold'))).toBe(true);
    expect(fromFile.metrics['kl-grade/pretrained/labels_1/accuracy/fold'].map((p) => p.step)).toEqual([0, 1]);
    expect(Object.keys(fromRest.metrics).sort()).toEqual(Object.keys(fromFile.metrics).sort());
    expect(fromRest.metrics).toEqual(fromFile.metrics);
  });

  it('has the same artifact paths and bytes, the baseline bundle included', () => {
    expect(Object.keys(fromFile.artifacts)).toEqual(expect.arrayContaining(['spec.resolved.json', 'result.json', 'baseline-bundle.json', 'report/report.md']));
    expect(Object.keys(fromRest.artifacts)).toEqual(Object.keys(fromFile.artifacts));
    for (const [path, bytes] of Object.entries(fromFile.artifacts)) expect(fromRest.artifacts[path].equals(bytes), path).toBe(true);
  });

  it('lets bench gate rebuild the baseline from either store alone', async () => {
    const gates = join(dir, 'gates.yaml');
    await writeFile(gates, 'gates:\n  - { task: kl-grade, metric: macro-f1, maxDrop: 0.01, alpha: 0.05 }\n');
    const current = join(dir, 'runs', jobId);
    for (const [runId, uri] of [[fromFile.runId, join(dir, 'mlruns')], [`runs:/${fromRest.runId}`, server.url]]) {
      const { code, out } = await bench(registerGate, ['gate', '--baseline', runId, '--current', current, '--gates', gates, '--tracking-uri', uri]);
      expect(out).toMatch(/✅ bench gate passed/);
      expect(out).toMatch(/paired-bootstrap \(CI over patients\)/);
      expect(code).toBe(0);
    }
  });
});
