// Logs a finished job to an MLflow sink: the flattened resolved spec as params, training curves and
// per-fold/aggregate metrics, provenance tags, and the spec, result and report as artifacts. Re-logging a
// job finds its run by the orthobench.jobId tag and replaces its metrics, so it never duplicates points.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobResult } from '../dsl/results.ts';
import type { MetricPoint, TrackedRun, TrackingSink } from '../tracking/sink.ts';
import { flattenParams } from '../tracking/flatten.ts';

export const JOB_ID_TAG = 'orthobench.jobId';
export const SWEEP_ID_TAG = 'orthobench.sweepId';

export interface TrackJobOptions {
  experimentName: string;
  parentRunId?: string;
  /** Folder holding report.md and figures/ to attach as artifacts. */
  reportDir?: string;
}

function runName(result: JobResult): string {
  const point = Object.entries(result.sweepPoint).map(([k, v]) => `${k.split('.').at(-1)}=${v}`);
  return point.length ? `${result.name} ${point.join(' ')}` : `${result.name} ${result.jobId}`;
}

export function jobMetrics(result: JobResult, timestamp: number): MetricPoint[] {
  const points: MetricPoint[] = [];
  const add = (key: string, value: number, step = 0) => points.push({ key, value, step, timestamp });
  for (const entry of result.pretraining.log) {
    add('pretrain/loss', entry.loss, entry.step);
    add('pretrain/teacher_entropy', entry.teacherEntropy, entry.step);
    add('pretrain/feature_std', entry.featureStd, entry.step);
    add('pretrain/lr', entry.lr, entry.step);
    add('pretrain/ema_momentum', entry.momentum, entry.step);
    add('pretrain/teacher_temp', entry.teacherTemp, entry.step);
    add('pretrain/images_per_sec', entry.imagesPerSec, entry.step);
  }
  for (const task of result.tasks) {
    for (const score of task.scores) {
      const prefix = `${task.task}/${score.model}/labels_${score.fraction}`;
      for (const m of score.metrics) {
        m.perFold.forEach((value, fold) => add(`${prefix}/${m.metric}/fold`, value, fold));
        add(`${prefix}/${m.metric}/mean`, m.mean);
        add(`${prefix}/${m.metric}/sd`, m.sd);
        add(`${prefix}/${m.metric}/pooled`, m.pooled);
        add(`${prefix}/${m.metric}/ci_lower`, m.ci.lower);
        add(`${prefix}/${m.metric}/ci_upper`, m.ci.upper);
      }
    }
    for (const c of task.comparisons) {
      const prefix = `${task.task}/${c.model}_vs_${c.baseline}/labels_${c.fraction}`;
      add(`${prefix}/delta_${c.metric}`, c.effect.value);
      add(`${prefix}/delta_ci_lower`, c.effect.ci.lower);
      add(`${prefix}/delta_ci_upper`, c.effect.ci.upper);
      add(`${prefix}/p_value`, c.pValue);
    }
  }
  for (const [stage, seconds] of Object.entries(result.timings)) add(`time/${stage.replace(/[^A-Za-z0-9_.\-/ ]/g, "_")}_sec`, seconds);
  return points;
}

async function openJobRun(sink: TrackingSink, result: JobResult, options: TrackJobOptions): Promise<TrackedRun> {
  const experimentId = await sink.getOrCreateExperiment(options.experimentName);
  const existing = await sink.findRunByTag(experimentId, JOB_ID_TAG, result.jobId);
  if (existing) return sink.resumeRun(experimentId, existing, { discardMetrics: true });
  return sink.createRun(experimentId, {
    runName: runName(result),
    startTime: Date.parse(result.environment.startedAt),
    parentRunId: options.parentRunId,
    tags: {
      [JOB_ID_TAG]: result.jobId,
      'mlflow.source.git.commit': result.environment.gitCommit,
    },
  });
}

export async function trackJob(sink: TrackingSink, result: JobResult, options: TrackJobOptions): Promise<string> {
  const run = await openJobRun(sink, result, options);
  try {
    await run.logParams(flattenParams(result.spec));
    await run.setTags({
      'orthobench.specHash': result.jobId,
      'orthobench.backend': result.environment.backend,
      'orthobench.version': result.environment.orthobenchVersion,
      'orthobench.sweepPoint': JSON.stringify(result.sweepPoint),
      'orthobench.tasks': result.tasks.map((t) => `${t.task}@v${t.taskVersion}`).join(','),
    });
    await run.logMetrics(jobMetrics(result, Date.parse(result.environment.finishedAt)));
    await run.logArtifact('spec.resolved.json', `${JSON.stringify(result.spec, null, 2)}\n`);
    await run.logArtifact('result.json', `${JSON.stringify(result, null, 2)}\n`);
    if (options.reportDir) await attachReport(run, options.reportDir);
    await run.end('FINISHED', Date.parse(result.environment.finishedAt));
  } catch (error) {
    await run.end('FAILED');
    throw error;
  }
  return run.runId;
}

async function attachReport(run: TrackedRun, dir: string): Promise<void> {
  await run.logArtifactFile('report/report.md', join(dir, 'report.md'));
  for (const figure of await readdir(join(dir, 'figures'))) {
    await run.logArtifactFile(`report/figures/${figure}`, join(dir, 'figures', figure));
  }
}

/** The parent run of a sweep, found again on a rerun by the sweep's id (a hash of its job ids). */
export async function openSweepParent(sink: TrackingSink, experimentName: string, sweepId: string, runName: string): Promise<TrackedRun> {
  const experimentId = await sink.getOrCreateExperiment(experimentName);
  const existing = await sink.findRunByTag(experimentId, SWEEP_ID_TAG, sweepId);
  if (existing) return sink.resumeRun(experimentId, existing);
  return sink.createRun(experimentId, { runName, tags: { [SWEEP_ID_TAG]: sweepId } });
}
