// Resuming and re-logging a job: find its run by tag, reopen it, discard its metric history, log again.
// Re-logging must be idempotent: the same metric files, no duplicated points, same params and run id.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FileStoreSink } from '../../tracking/file-store.ts';
import { deleteRunMetrics, findRunByTag, listRuns } from '../../tracking/find-runs.ts';
import type { TrackedRun, TrackingSink } from '../../tracking/sink.ts';
import { steppingClock, tempDir } from './temp-store.ts';

const JOB_TAG = 'orthobench.jobId';

/** What a job logs; timestamps are explicit so two loggings produce identical lines. */
async function logJob(run: TrackedRun): Promise<void> {
  await run.logParams({ 'pretrain.steps': 300, 'eval.folds': 5 });
  await run.logMetrics(
    [0, 1, 2].map((step) => ({ key: 'train/loss', value: 1 / (step + 1), step, timestamp: 1_700_000_000_000 + step })),
  );
  await run.logMetrics([{ key: 'auc', value: 0.8, step: 0, timestamp: 1_700_000_000_100 }]);
}

async function snapshot(runDir: string): Promise<Record<string, string>> {
  const files = await readdir(runDir, { recursive: true, withFileTypes: true });
  const out: Record<string, string> = {};
  for (const f of files.filter((e) => e.isFile() && e.name !== 'meta.yaml')) {
    const path = join(f.parentPath, f.name);
    out[path.slice(runDir.length + 1)] = await readFile(path, 'utf8');
  }
  return out;
}

/** Resume-or-create as a job runner would do it through the generic sink interface. */
async function openJobRun(sink: TrackingSink, experimentId: string, jobId: string): Promise<TrackedRun> {
  const existing = await sink.findRunByTag(experimentId, JOB_TAG, jobId);
  if (existing !== undefined) return sink.resumeRun(experimentId, existing, { discardMetrics: true });
  return sink.createRun(experimentId, { runName: jobId, tags: { [JOB_TAG]: jobId } });
}

describe('re-logging a job', () => {
  it('finds the run by tag and re-logs it without duplicating metric points', async () => {
    const root = join(await tempDir('relog'), 'mlruns');
    const sink = new FileStoreSink(root, { now: steppingClock() });
    const experimentId = await sink.getOrCreateExperiment('relog');
    await sink.createRun(experimentId, { runName: 'other', tags: { [JOB_TAG]: 'job-b' } });

    const first = await openJobRun(sink, experimentId, 'job-a');
    await logJob(first);
    await first.end('FAILED');
    const runDir = join(root, experimentId, first.runId);
    const before = await snapshot(runDir);

    const again = await openJobRun(new FileStoreSink(root), experimentId, 'job-a');
    expect(again.runId).toBe(first.runId);
    const reopened = parse(await readFile(join(runDir, 'meta.yaml'), 'utf8')) as { status: number; end_time: number | null };
    expect([reopened.status, reopened.end_time]).toEqual([1, null]);
    await logJob(again);
    await again.end('FINISHED');

    expect(await snapshot(runDir)).toEqual(before);
    expect(before['metrics/train/loss'].split('\n').filter(Boolean)).toHaveLength(3);
    const meta = parse(await readFile(join(runDir, 'meta.yaml'), 'utf8')) as { status: number };
    expect(meta.status).toBe(3);
    expect((await listRuns(root, experimentId)).map((r) => r.runName).sort()).toEqual(['job-a', 'other']);
  });

  it('returns the most recently started run when several carry the tag, and undefined when none does', async () => {
    const root = join(await tempDir('relog'), 'mlruns');
    const sink = new FileStoreSink(root);
    const experimentId = await sink.getOrCreateExperiment('relog');
    await sink.createRun(experimentId, { runName: 'old', startTime: 1000, tags: { [JOB_TAG]: 'j' } });
    const newer = await sink.createRun(experimentId, { runName: 'new', startTime: 2000, tags: { [JOB_TAG]: 'j' } });
    expect((await findRunByTag(root, experimentId, JOB_TAG, 'j'))?.runId).toBe(newer.runId);
    expect(await sink.findRunByTag(experimentId, JOB_TAG, 'missing')).toBeUndefined();
  });

  it('deletes only the named metrics when keys are given', async () => {
    const root = join(await tempDir('relog'), 'mlruns');
    const sink = new FileStoreSink(root);
    const experimentId = await sink.getOrCreateExperiment('relog');
    const run = await sink.createRun(experimentId, { runName: 'r' });
    await logJob(run);
    await deleteRunMetrics(root, experimentId, run.runId, ['train/loss']);
    const left = await snapshot(join(root, experimentId, run.runId, 'metrics'));
    expect(Object.keys(left)).toEqual(['auc']);
  });

  it('refuses to resume a run that does not exist', async () => {
    const root = join(await tempDir('relog'), 'mlruns');
    const sink = new FileStoreSink(root);
    const experimentId = await sink.getOrCreateExperiment('relog');
    await expect(sink.resumeRun(experimentId, 'deadbeefdeadbeefdeadbeefdeadbeef')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
