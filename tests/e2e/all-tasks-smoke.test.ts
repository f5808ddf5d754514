// The 14-task benchmark end to end on its smoke profile: every task's primary metric with a CI, and the
// paired test that fits the task (DeLong for binary AUROC tasks, McNemar for the KL grades).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobResult } from '../../dsl/results.ts';
import { listTasks } from '../../benchmarks/tasks/registry.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');

describe('bench run experiments/all-tasks.ts --profile smoke', () => {
  let dir = '';
  let result: JobResult;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'orthobench-all-'));
    await run(
      process.execPath,
      [join(ROOT, 'bin', 'bench.js'), 'run', join(ROOT, 'experiments', 'all-tasks.ts'), '--profile', 'smoke', '--out', join(dir, 'runs'), '--tracking', 'none', '-q'],
      { cwd: dir, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 1 << 24 },
    );
    const [jobId] = await readdir(join(dir, 'runs'));
    result = JSON.parse(await readFile(join(dir, 'runs', jobId, 'result.json'), 'utf8')) as JobResult;
  }, 240_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reports all 14 registered tasks', () => {
    expect(listTasks()).toHaveLength(14);
    expect(result.tasks.map((t) => t.task).sort()).toEqual(listTasks().map((t) => t.id).sort());
  });

  it("gives every task's primary metric a CI for every model", () => {
    for (const task of result.tasks) {
      for (const score of task.scores) {
        const primary = score.metrics.find((m) => m.metric === task.primaryMetric);
        expect(primary, `${task.task} ${score.model}`).toBeDefined();
        expect(Number.isFinite(primary!.ci.lower) && Number.isFinite(primary!.ci.upper), `${task.task} ${score.model} CI`).toBe(true);
        expect(primary!.ci.lower).toBeLessThanOrEqual(primary!.ci.upper);
      }
    }
  });

  it('compares binary AUROC tasks with DeLong and KL grades with McNemar, clustered where a patient has several radiographs', () => {
    for (const task of result.tasks) {
      // MRI tasks are scored per exam (one per patient); the X-ray tasks have several radiographs per patient
      const xray = task.task.startsWith('kl-grade') || task.task === 'tkr';
      const expected = task.primaryMetric === 'auroc' ? (xray ? 'delong-clustered-obuchowski' : 'delong-paired') : 'mcnemar-clustered-yang';
      for (const c of task.comparisons) expect(c.test, task.task).toBe(expected);
    }
  });
});
