// End to end with every evaluation protocol: `bench run` on a smoke-sized spec with protocols linear-probe, knn and
// fine-tune, then checks that every model has its out-of-fold predictions (with the per-fold choices recorded), that
// the results table lists every model, and that the MLflow file store accepts the new model names.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FoldPredictions, JobResult } from '../../dsl/results.ts';
import { DEFAULTS } from '../../dsl/defaults.ts';

const run = promisify(execFile);
const BENCH = join(import.meta.dirname, '..', '..', 'bin', 'bench.js');
const MODELS = ['pretrained', 'random-init', 'supervised', 'pretrained:knn', 'random-init:knn', 'pretrained:fine-tune'];

// The kl-grading smoke profile with all three protocols, all labels only and a 2-epoch fine-tune (< 30 s).
const SPEC = `
name: protocols-smoke
tasks: [kl-grade]
data: { synthetic: { patients: 40, imagesPerPatient: 2 }, imageSize: 32, dir: ./data }
backbone: { preset: nano }
pretrain:
  steps: 4
  batchSize: 8
  crops: { global: { size: 32 }, local: { count: 2, size: 16 } }
  head: { hiddenDim: 64, bottleneckDim: 32, outDim: 64 }
  optimizer: { warmupSteps: 2 }
  logEvery: 2
eval:
  protocols: [linear-probe, knn, fine-tune]
  folds: 2
  labelFractions: [1.0]
  supervised: { epochs: 1 }
  fineTune: { epochs: 2, batchSize: 16 }
stats: { bootstrap: 200 }
`;

describe('bench run with protocols [linear-probe, knn, fine-tune]', () => {
  let dir = '';
  let stdout = '';
  let jobDir = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'orthobench-protocols-'));
    await writeFile(join(dir, 'spec.yaml'), SPEC);
    const t0 = Date.now();
    const result = await run(
      process.execPath,
      [BENCH, 'run', 'spec.yaml', '--out', join(dir, 'runs'), '--tracking', join(dir, 'mlruns')],
      { cwd: dir, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 1 << 24 },
    );
    stdout = result.stdout;
    const [jobId] = await readdir(join(dir, 'runs'));
    jobDir = join(dir, 'runs', jobId);
    console.log(`protocols smoke run took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }, 180_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lists every model in the results table', () => {
    const rows = stdout.split('\n').filter((line) => line.startsWith('│')).map((line) => line.split('│')[1].trim());
    for (const model of MODELS) expect(rows.filter((r) => r === model), model).toHaveLength(1);
  });

  it('stores out-of-fold predictions of every model, fold and fraction, with the per-fold choices', async () => {
    const evalDir = join(jobDir, 'eval', 'kl-grade');
    const predictions: FoldPredictions[] = [];
    for (const folder of (await readdir(evalDir, { withFileTypes: true })).filter((e) => e.isDirectory())) {
      for (const file of await readdir(join(evalDir, folder.name))) {
        predictions.push(JSON.parse(await readFile(join(evalDir, folder.name, file), 'utf8')) as FoldPredictions);
      }
    }
    expect([...new Set(predictions.map((p) => p.model))].sort()).toEqual([...MODELS].sort());
    for (const model of MODELS) expect(predictions.filter((p) => p.model === model), model).toHaveLength(2); // 2 folds
    for (const p of predictions) {
      expect(p.probabilities).toHaveLength(p.testIndices.length);
      if (p.model === 'pretrained' || p.model === 'random-init') {
        expect(DEFAULTS.eval.probe.l2Grid).toContain(p.selection?.chosen.l2);
        expect(p.selection!.validationCount).toBeGreaterThan(0);
      }
      if (p.model === 'pretrained:fine-tune') expect(p.selection?.chosen.epoch).toBeGreaterThanOrEqual(1);
    }
  });

  it('scores every model in result.json and logs them to MLflow', async () => {
    const result = JSON.parse(await readFile(join(jobDir, 'result.json'), 'utf8')) as JobResult;
    expect(result.spec.eval.protocols).toEqual(['linear-probe', 'knn', 'fine-tune']);
    expect(result.tasks[0].scores.map((s) => s.model).sort()).toEqual([...MODELS].sort());
    const [experiment] = (await readdir(join(dir, 'mlruns'))).filter((e) => !e.startsWith('.') && e !== '0');
    const [runId] = (await readdir(join(dir, 'mlruns', experiment))).filter((e) => e !== 'meta.yaml');
    const modelKeys = await readdir(join(dir, 'mlruns', experiment, runId, 'metrics', 'kl-grade'));
    expect(modelKeys).toEqual(expect.arrayContaining(['pretrained_knn', 'random-init_knn', 'pretrained_fine-tune']));
  });
});
