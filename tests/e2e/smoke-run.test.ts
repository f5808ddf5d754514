// End to end: `bench run experiments/kl-grading.ts --profile smoke` through every stage (phantoms → DINO →
// features → CV probe and baselines → statistics → MLflow file store → report), then a rerun that must reuse
// the finished job instead of recomputing it.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobResult } from '../../dsl/results.ts';
import { DEFAULTS } from '../../dsl/defaults.ts';

const run = promisify(execFile);
const BENCH = join(import.meta.dirname, '..', '..', 'bin', 'bench.js');
const SPEC = join(import.meta.dirname, '..', '..', 'experiments', 'kl-grading.ts');

describe('bench run --profile smoke', () => {
  let dir = '';
  let stdout = '';
  let elapsed = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'orthobench-e2e-'));
    const t0 = Date.now();
    const result = await run(
      process.execPath,
      [BENCH, 'run', SPEC, '--profile', 'smoke', '--out', join(dir, 'runs'), '--tracking', join(dir, 'mlruns')],
      { cwd: dir, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 1 << 24 },
    );
    elapsed = (Date.now() - t0) / 1000;
    stdout = result.stdout;
  }, 180_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('prints the results table and finishes', () => {
    expect(stdout).toContain('kl-grade');
    expect(stdout).toContain('pretrained');
    expect(stdout).toContain('random-init');
    expect(stdout).toContain('supervised');
    expect(stdout).toContain('mcnemar-clustered-yang'); // two radiographs per patient
    expect(stdout).toMatch(/1\/1 job\(s\) finished/);
    // Logged for the record; the 60 s budget is checked by the benchmark figures, not as a flaky assertion.
    console.log(`smoke run took ${elapsed.toFixed(1)} s`);
  });

  it('stores a complete result with every model, fraction and fold', async () => {
    const [jobId] = await readdir(join(dir, 'runs'));
    const result = JSON.parse(await readFile(join(dir, 'runs', jobId, 'result.json'), 'utf8')) as JobResult;
    expect(result.jobId).toBe(jobId);
    const task = result.tasks[0];
    expect(task.task).toBe('kl-grade');
    expect(task.scores.map((s) => `${s.model}@${s.fraction}`).sort()).toEqual(
      ['pretrained@0.5', 'pretrained@1', 'random-init@0.5', 'random-init@1', 'supervised@0.5', 'supervised@1'].sort(),
    );
    for (const score of task.scores) {
      for (const m of score.metrics) {
        expect(m.perFold).toHaveLength(2);
        expect(m.ci.lower).toBeLessThanOrEqual(m.ci.upper);
      }
    }
    expect(task.comparisons).toHaveLength(4);
    expect(result.pretraining.log.length).toBeGreaterThan(0);
    const report = await readFile(join(dir, 'runs', jobId, 'report.md'), 'utf8');
    expect(report).toContain('figures/training.svg');
  });

  it('logs the job to the MLflow file store', async () => {
    const experiments = (await readdir(join(dir, 'mlruns'))).filter((e) => !e.startsWith('.') && e !== '0');
    expect(experiments).toHaveLength(1);
    const runs = (await readdir(join(dir, 'mlruns', experiments[0]))).filter((e) => e !== 'meta.yaml');
    expect(runs).toHaveLength(1);
    const runDir = join(dir, 'mlruns', experiments[0], runs[0]);
    expect(await readFile(join(runDir, 'tags', 'mlflow.runName'), 'utf8')).toContain('kl-grading');
    expect(await readFile(join(runDir, 'params', 'pretrain.ema.start'), 'utf8')).toBe(String(DEFAULTS.pretrain.ema.start));
    const loss = await readFile(join(runDir, 'metrics', 'pretrain', 'loss'), 'utf8');
    expect(loss.trim().split('\n').length).toBeGreaterThan(0);
    expect(await readdir(join(runDir, 'artifacts'))).toContain('spec.resolved.json');
  });

  it('reuses the finished job on a rerun and does not duplicate the MLflow run', async () => {
    const again = await run(
      process.execPath,
      [BENCH, 'run', SPEC, '--profile', 'smoke', '--out', join(dir, 'runs'), '--tracking', join(dir, 'mlruns')],
      { cwd: dir, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 1 << 24 },
    );
    expect(again.stderr).toContain('already finished');
    const experiments = (await readdir(join(dir, 'mlruns'))).filter((e) => !e.startsWith('.') && e !== '0');
    const runs = (await readdir(join(dir, 'mlruns', experiments[0]))).filter((e) => e !== 'meta.yaml');
    expect(runs).toHaveLength(1);
  }, 60_000);
});
