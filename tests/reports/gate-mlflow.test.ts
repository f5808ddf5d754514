// `bench gate --baseline <MLflow run id>` and `bench compare` with run ids: the run is found in the file store or
// on the stand-in server, rebuilt from its baseline-bundle.json artifact alone, and gives the same verdict as the
// bundle file; an unknown id, or a run logged without its predictions, is bad input (exit 2) that says why.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvidence } from '../../benchmarks/analysis/run-evidence.ts';
import { registerCompare } from '../../cli/commands/compare.ts';
import { registerGate } from '../../cli/commands/gate.ts';
import { UsageError } from '../../cli/exit-codes.ts';
import { BASELINE_ARTIFACT, toBaselineBundle } from '../../reports/baseline-bundle.ts';
import { trackedRunId } from '../../reports/load-tracked-run.ts';
import { BASELINE_BUNDLE_TAG, trackJob } from '../../reports/track-job.ts';
import { FileStoreReader } from '../../tracking/file-reader.ts';
import { FileStoreSink } from '../../tracking/file-store.ts';
import type { TrackingSink } from '../../tracking/sink.ts';
import { standin, testSink } from '../tracking/rest-fixture.ts';
import { bench } from './gate-cli-harness.ts';
import { alternatingLabels, correctExcept, makeRun, range } from './make-run.ts';

const N = 200;
const labels = alternatingLabels(N);
const gates = [{ task: 'kl', metric: 'accuracy', maxDrop: 0.02, alpha: 0.05 }];
const UNKNOWN = '0123456789abcdef0123456789abcdef';
let dir = '';

function madeRun(jobId: string, wrong: number[]): RunEvidence {
  const run = makeRun(jobId, [{ id: 'kl', labels, correct: correctExcept(N, wrong) }], gates);
  run.tasks.kl.groups = labels.map((_, i) => `patient-${Math.floor(i / 2)}`);
  run.result.environment = { ...run.result.environment, startedAt: '2025-01-01T00:00:00.000Z', finishedAt: '2025-01-01T00:01:00.000Z' };
  return run;
}

const base = madeRun('base', range(0, 20)); // accuracy 0.90
const worse = madeRun('worse', range(0, 60)); // 0.70

function writeBundle(run: RunEvidence): string {
  const file = join(dir, `${run.result.jobId}.json`);
  writeFileSync(file, JSON.stringify(toBaselineBundle(run)));
  return file;
}

function log(sink: TrackingSink, run: RunEvidence, withEvidence = true): Promise<string> {
  return trackJob(sink, run.result, { experimentName: 'made-run', ...(withEvidence ? { evidence: run.tasks } : {}) });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gate-mlflow-'));
});
afterEach(() => {
  delete process.env.MLFLOW_TRACKING_URI;
});

describe('bench gate --baseline <MLflow run id>', () => {
  it('rebuilds the baseline from the file store and gives the bundle file\'s verdict', async () => {
    const root = join(dir, 'mlruns');
    const runId = await log(new FileStoreSink(root), base);
    const current = writeBundle(worse);
    const fromBundle = await bench(registerGate, ['gate', '--baseline', writeBundle(base), '--current', current]);
    const fromMlflow = await bench(registerGate, ['gate', '--baseline', runId, '--current', current, '--tracking-uri', root]);
    expect(fromMlflow.code).toBe(1);
    expect(fromMlflow.out.replace(runId, 'BASE')).toBe(fromBundle.out.replace(join(dir, 'base.json'), 'BASE'));
    expect(fromMlflow.out).toMatch(/\| kl \| accuracy \| 0\.900 \| 0\.700 \| -0\.200 .*mcnemar-clustered-yang \(CI over patients\)/);
    const tags = (await new FileStoreReader(root).getRun(runId))!.tags;
    expect(tags[BASELINE_BUNDLE_TAG]).toBe(BASELINE_ARTIFACT);
  });

  it('reads runs:/<id> from the tracking server named by --tracking-uri or MLFLOW_TRACKING_URI, current run included', async () => {
    const server = await standin();
    const { sink } = testSink(server.url);
    const baseId = await log(sink, base);
    const worseId = await log(sink, worse);
    const byFlag = await bench(registerGate, ['gate', '--baseline', `runs:/${baseId}`, '--current', writeBundle(worse), '--tracking-uri', server.url]);
    expect(byFlag.code).toBe(1);
    process.env.MLFLOW_TRACKING_URI = server.url;
    const byEnv = await bench(registerGate, ['gate', '--baseline', baseId, '--current', worseId]);
    expect(byEnv.code).toBe(1);
    expect(byEnv.out).toMatch(/❌ bench gate failed/);
    const same = await bench(registerGate, ['gate', '--baseline', baseId, '--current', baseId]);
    expect(same.code).toBe(0);
  });

  it('exports a bundle from a run id that equals the one it was logged from', async () => {
    const server = await standin();
    const runId = await log(testSink(server.url).sink, base);
    const file = join(dir, 'exported.json');
    const { code } = await bench(registerGate, ['gate', '--current', runId, '--export-baseline', file, '--tracking-uri', server.url]);
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(JSON.parse(JSON.stringify(toBaselineBundle(base))));
  });

  it('says clearly when the run id is unknown (exit 2), in either store', async () => {
    const server = await standin();
    const current = writeBundle(worse);
    await expect(bench(registerGate, ['gate', '--baseline', UNKNOWN, '--current', current, '--tracking-uri', join(dir, 'empty-mlruns')])).rejects.toThrow(
      new RegExp(`MLflow run ${UNKNOWN}: no such run in the MLflow file store at .*empty-mlruns \\(point --tracking-uri`),
    );
    await expect(bench(registerGate, ['gate', '--baseline', `runs:/${UNKNOWN}`, '--current', current, '--tracking-uri', server.url])).rejects.toThrow(
      /no such run in the MLflow tracking server at http:\/\/127\.0\.0\.1/,
    );
    await expect(bench(registerGate, ['gate', '--baseline', UNKNOWN, '--current', current, '--tracking-uri', 'none'])).rejects.toThrow(UsageError);
  });

  it('says why a run logged without its predictions cannot be a baseline', async () => {
    const root = join(dir, 'mlruns-bare');
    const runId = await log(new FileStoreSink(root), base, false);
    await expect(bench(registerGate, ['gate', '--baseline', runId, '--current', writeBundle(worse), '--tracking-uri', root])).rejects.toThrow(
      /has no baseline-bundle\.json artifact \(unavailable: no job folder was given to read the predictions from\); export a bundle from its job folder instead: bench gate --current runs\/base --export-baseline/,
    );
  });
});

describe('trackJob', () => {
  it('logs the job folder\'s evidence (labels, patient ids, folds, predictions) as the baseline bundle', async () => {
    const jobDir = join(dir, 'runs', 'base');
    mkdirSync(join(jobDir, 'eval', 'kl', 'pretrained'), { recursive: true });
    const manifest = join(dir, 'manifest.csv');
    writeFileSync(manifest, ['path,label,patientId,modality', ...labels.map((y, i) => `img${i}.png,${y},patient-${Math.floor(i / 2)},xray`)].join('\n') + '\n');
    const result = { ...base.result, datasets: [{ ...base.result.datasets[0], manifest }] };
    writeFileSync(join(jobDir, 'result.json'), JSON.stringify(result));
    writeFileSync(join(jobDir, 'eval', 'kl', 'folds.json'), JSON.stringify(base.tasks.kl.foldTests.map((test) => ({ train: [], test }))));
    for (const p of base.tasks.kl.predictions) writeFileSync(join(jobDir, 'eval', 'kl', 'pretrained', `fold${p.fold}-f1.json`), JSON.stringify(p));
    const root = join(dir, 'mlruns-job');
    const runId = await trackJob(new FileStoreSink(root), result, { experimentName: 'made-run', jobDir });
    const bytes = await new FileStoreReader(root).readArtifact(runId, BASELINE_ARTIFACT);
    const bundle = JSON.parse(new TextDecoder().decode(bytes)) as ReturnType<typeof toBaselineBundle>;
    expect(bundle.result).toEqual(result);
    expect(bundle.tasks.kl.groups).toEqual(base.tasks.kl.groups);
    expect(bundle.tasks.kl.labels).toEqual(labels);
    expect(bundle.tasks.kl.foldTests).toEqual(base.tasks.kl.foldTests);
    expect(bundle.tasks.kl.predictions).toHaveLength(2);
  });
});

describe('bench compare with MLflow run ids', () => {
  it('compares a run id with a bundle file', async () => {
    const root = join(dir, 'mlruns-compare');
    const runId = await log(new FileStoreSink(root), base);
    const { code, out } = await bench(registerCompare, ['compare', `runs:/${runId}`, writeBundle(worse), '--format', 'json', '--tracking-uri', root]);
    expect(code).toBe(0);
    expect((JSON.parse(out) as { rows: unknown[] }).rows).toMatchObject([{ task: 'kl', mark: 'loss', resampling: 'patients' }]);
  });

  it('recognises run ids only in MLflow\'s forms', () => {
    expect(trackedRunId(UNKNOWN)).toBe(UNKNOWN);
    expect(trackedRunId(`runs:/${UNKNOWN}`)).toBe(UNKNOWN);
    expect(trackedRunId(`runs:/${UNKNOWN}/`)).toBe(UNKNOWN);
    expect(trackedRunId('runs/6784a4fd5dab')).toBeUndefined();
    expect(trackedRunId('baselines/kl.json')).toBeUndefined();
  });
});
