// Writes an experiment with a parent run and two nested child runs, then reads the MLflow file-store
// layout back field by field with fs and the `yaml` package. Field names and value types are compared
// with the fixture derived from mlflow/store/tracking/file_store.py (see scripts/fixtures/mlflow_file_store.py).
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FileStoreSink } from '../../tracking/file-store.ts';
import { flattenParams } from '../../tracking/flatten.ts';
import type { TrackedRun } from '../../tracking/sink.ts';
import { fixture, pyTypeOf } from './mlflow-fixture.ts';
import { steppingClock, tempDir } from './temp-store.ts';

const T0 = 1_700_000_000_000;
const UUID4_HEX = /^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$/;

async function readYaml(path: string): Promise<Record<string, unknown>> {
  return parse(await readFile(path, 'utf8'), { version: '1.1' }) as Record<string, unknown>;
}

function typesOf(record: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.keys(record).sort().map((k) => [k, pyTypeOf(record[k])]));
}

interface Written {
  root: string;
  experimentId: string;
  parent: TrackedRun;
  children: TrackedRun[];
}

async function writeScenario(): Promise<Written> {
  const base = await tempDir('layout');
  const root = join(base, 'mlruns');
  const sink = new FileStoreSink(root, { now: steppingClock(T0), user: 'alice', sourceName: 'bench.js' });
  const experimentId = await sink.getOrCreateExperiment('orthobench-smoke');

  const parent = await sink.createRun(experimentId, {
    runName: 'orthobench-smoke',
    startTime: T0 + 500,
    tags: { 'mlflow.source.git.commit': 'abc123', 'orthobench.jobId': 'job-parent' },
  });
  await parent.logParams(flattenParams({ pretrain: { ema: { start: 0.996 } }, eval: { labelFractions: [0.25, 0.5, 1] }, seed: 0 }));
  await parent.logArtifact('resolved-spec.yaml', 'name: orthobench-smoke\n');
  const summary = join(base, 'summary.txt');
  await writeFile(summary, 'auc 0.81\n');
  await parent.logArtifactFile('reports/summary.txt', summary);

  const children: TrackedRun[] = [];
  for (const fold of [1, 2]) {
    const child = await sink.createRun(experimentId, {
      runName: `kl-grade fold ${fold}`,
      startTime: T0 + 1000 * fold,
      parentRunId: parent.runId,
      tags: { 'orthobench.jobId': `job-fold-${fold}` },
    });
    await child.logParams({ fold, lr: 5e-4, useEma: true, backbone: 'micro' });
    await child.logMetrics([
      { key: 'train/loss', value: 1.5, step: 0, timestamp: T0 + 10 },
      { key: 'train/loss', value: 0.75, step: 1, timestamp: T0 + 20 },
      { key: 'train/loss', value: NaN, step: 2, timestamp: T0 + 30 },
      { key: 'val auc', value: 0.8125 + fold / 100, step: 2, timestamp: T0 + 40 },
    ]);
    await child.setTags({ 'orthobench.fold': String(fold) });
    await child.logArtifact(`predictions/fold-${fold}.bin`, new Uint8Array([0, 1, 2, 255]));
    await child.end(fold === 1 ? 'FINISHED' : 'FAILED', T0 + 9000 + fold);
    children.push(child);
  }
  await parent.end('FINISHED', T0 + 9999);
  return { root, experimentId, parent, children };
}

describe('MLflow file-store layout', () => {
  let w: Written;
  beforeAll(async () => {
    w = await writeScenario();
  });

  it('creates the Default experiment 0, .trash and one folder per experiment', async () => {
    expect((await readdir(w.root)).sort()).toEqual(['.trash', '0', w.experimentId].sort());
    expect(await readdir(join(w.root, '.trash'))).toEqual([]);
    const defaultMeta = await readYaml(join(w.root, '0', 'meta.yaml'));
    expect(defaultMeta.name).toBe(fixture.constants.defaultExperimentName);
    expect(defaultMeta.experiment_id).toBe('0');
    expect(fileURLToPath(defaultMeta.artifact_location as string)).toBe(join(w.root, '0'));
  });

  it('writes experiment meta.yaml with MLflow field names and types', async () => {
    const meta = await readYaml(join(w.root, w.experimentId, 'meta.yaml'));
    expect(typesOf(meta)).toEqual(fixture.experiment.types);
    expect(w.experimentId).toMatch(/^[1-9][0-9]{17}$/);
    expect(meta.experiment_id).toBe(w.experimentId);
    expect(meta.name).toBe('orthobench-smoke');
    expect(meta.lifecycle_stage).toBe('active');
    expect(meta.creation_time).toBe(meta.last_update_time);
    expect(fileURLToPath(meta.artifact_location as string)).toBe(join(w.root, w.experimentId));
  });

  it('writes experiment meta.yaml text identical to MLflow/PyYAML for the same values', async () => {
    const text = await readFile(join(w.root, w.experimentId, 'meta.yaml'), 'utf8');
    const meta = parse(text) as { creation_time: number };
    const expected = fixture.experiment.yaml
      .replaceAll(fixture.rootUri, pathToFileURL(w.root).href)
      .replaceAll(fixture.experiment.meta.experiment_id as string, w.experimentId)
      .replaceAll(String(fixture.experiment.meta.creation_time), String(meta.creation_time));
    expect(text).toBe(expected);
  });

  it('writes run meta.yaml with MLflow field names, types and values', async () => {
    const runs = [
      { run: w.children[0], status: fixture.constants.runStatus.FINISHED, end: T0 + 9001, name: 'kl-grade fold 1' },
      { run: w.children[1], status: fixture.constants.runStatus.FAILED, end: T0 + 9002, name: 'kl-grade fold 2' },
      { run: w.parent, status: fixture.constants.runStatus.FINISHED, end: T0 + 9999, name: 'orthobench-smoke' },
    ];
    for (const { run, status, end, name } of runs) {
      const runDir = join(w.root, w.experimentId, run.runId);
      const meta = await readYaml(join(runDir, 'meta.yaml'));
      expect(typesOf(meta)).toEqual(fixture.run.endedTypes);
      expect(run.runId).toMatch(UUID4_HEX);
      expect(meta.run_id).toBe(run.runId);
      expect(meta.run_uuid).toBe(run.runId);
      expect(meta.experiment_id).toBe(w.experimentId);
      expect(meta.run_name).toBe(name);
      expect(meta.user_id).toBe('alice');
      expect(meta.status).toBe(status);
      expect(meta.end_time).toBe(end);
      expect(meta.source_type).toBe(fixture.constants.sourceTypeLocal);
      expect([meta.source_name, meta.entry_point_name, meta.source_version, meta.tags]).toEqual(['', '', '', []]);
      expect(meta.lifecycle_stage).toBe('active');
      expect(fileURLToPath(meta.artifact_uri as string)).toBe(join(runDir, 'artifacts'));
      expect((await readdir(runDir)).sort()).toEqual(['artifacts', 'meta.yaml', 'metrics', 'params', 'tags']);
    }
  });

  it('writes run meta.yaml text identical to MLflow/PyYAML for the same values', async () => {
    const child = w.children[0];
    const text = await readFile(join(w.root, w.experimentId, child.runId, 'meta.yaml'), 'utf8');
    const expected = fixture.run.ended.FINISHED.yaml
      .replaceAll(fixture.rootUri, pathToFileURL(w.root).href)
      .replaceAll(fixture.experiment.meta.experiment_id as string, w.experimentId)
      .replaceAll(fixture.run.runId, child.runId)
      .replaceAll('start_time: 1700000000456', `start_time: ${T0 + 1000}`)
      .replaceAll('end_time: 1700000009999', `end_time: ${T0 + 9001}`);
    expect(text).toBe(expected);
  });

  it('writes tags as raw files, including the mlflow.* system tags and the parent link', async () => {
    const tagsOf = async (run: TrackedRun) => {
      const dir = join(w.root, w.experimentId, run.runId, 'tags');
      const entries = await readdir(dir, { recursive: true, withFileTypes: true });
      const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
      return Object.fromEntries(await Promise.all(files.map(async (f) => [f.slice(dir.length + 1), await readFile(f, 'utf8')])));
    };
    expect(await tagsOf(w.parent)).toEqual({
      'mlflow.runName': 'orthobench-smoke',
      'mlflow.user': 'alice',
      'mlflow.source.name': 'bench.js',
      'mlflow.source.type': 'LOCAL',
      'mlflow.source.git.commit': 'abc123',
      'orthobench.jobId': 'job-parent',
    });
    expect(await tagsOf(w.children[1])).toEqual({
      'mlflow.runName': 'kl-grade fold 2',
      'mlflow.user': 'alice',
      'mlflow.source.name': 'bench.js',
      'mlflow.source.type': 'LOCAL',
      'mlflow.parentRunId': w.parent.runId,
      'orthobench.jobId': 'job-fold-2',
      'orthobench.fold': '2',
    });
  });

  it('writes params as raw values with no trailing newline', async () => {
    const param = (run: TrackedRun, key: string) => readFile(join(w.root, w.experimentId, run.runId, 'params', key), 'utf8');
    expect(await param(w.parent, 'pretrain.ema.start')).toBe('0.996');
    expect(await param(w.parent, 'eval.labelFractions')).toBe('[0.25,0.5,1]');
    expect(await param(w.parent, 'seed')).toBe('0');
    expect(await param(w.children[0], 'fold')).toBe('1');
    expect(await param(w.children[0], 'lr')).toBe('0.0005');
    expect(await param(w.children[0], 'useEma')).toBe('true');
  });

  it('writes metric histories as "<ts_ms> <value> <step>" lines, NaN as nan, "/" keys as folders', async () => {
    const metricsDir = join(w.root, w.experimentId, w.children[0].runId, 'metrics');
    expect((await readdir(metricsDir)).sort()).toEqual(['train', 'val auc']);
    expect(await readFile(join(metricsDir, 'train', 'loss'), 'utf8')).toBe(
      `${T0 + 10} 1.5 0\n${T0 + 20} 0.75 1\n${T0 + 30} nan 2\n`,
    );
    expect(await readFile(join(metricsDir, 'val auc'), 'utf8')).toBe(`${T0 + 40} 0.8225 2\n`);
  });

  it('writes artifacts under the run artifact_uri', async () => {
    const artifacts = (run: TrackedRun) => join(w.root, w.experimentId, run.runId, 'artifacts');
    expect(await readFile(join(artifacts(w.parent), 'resolved-spec.yaml'), 'utf8')).toBe('name: orthobench-smoke\n');
    expect(await readFile(join(artifacts(w.parent), 'reports', 'summary.txt'), 'utf8')).toBe('auc 0.81\n');
    expect([...(await readFile(join(artifacts(w.children[1]), 'predictions', 'fold-2.bin')))]).toEqual([0, 1, 2, 255]);
  });

  it('leaves no temporary files behind', async () => {
    const all = await readdir(w.root, { recursive: true });
    expect(all.filter((p) => p.endsWith('.tmp'))).toEqual([]);
  });
});
