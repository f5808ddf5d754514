// Logs a finished job to an MLflow sink: the flattened resolved spec as params, training curves and
// per-fold/aggregate metrics, provenance tags, and the spec, result, report and baseline bundle (labels,
// patient ids, folds, out-of-fold predictions) as artifacts, so a gate can rebuild the run from MLflow alone.
// Re-logging a job finds its run by the orthobench.jobId tag and replaces its metrics, so it never duplicates points.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobResult } from '../dsl/results.ts';
import type { TaskEvidence } from '../benchmarks/analysis/run-evidence.ts';
import type { MetricPoint, TrackedRun, TrackingSink } from '../tracking/sink.ts';
import { flattenParams } from '../tracking/flatten.ts';
import { skippedInputs } from './skipped-inputs.ts';
import { BASELINE_ARTIFACT, toBaselineBundle } from './baseline-bundle.ts';
import { loadRunEvidence } from './load-run.ts';

export const JOB_ID_TAG = 'orthobench.jobId';
export const SWEEP_ID_TAG = 'orthobench.sweepId';
/** BASELINE_ARTIFACT when the bundle was logged, else "unavailable: <why>" (shown by `bench gate`). */
export const BASELINE_BUNDLE_TAG = 'orthobench.baselineBundle';

export interface TrackJobOptions {
  experimentName: string;
  parentRunId?: string;
  /** Folder holding report.md and figures/ to attach as artifacts. */
  reportDir?: string;
  /**
   * The job folder (runs/<jobId>): its eval/ predictions and dataset manifest make the baseline bundle.
   * Defaults to reportDir, which `bench run` sets to the job folder.
   */
  jobDir?: string;
  /** The bundle's per-task evidence, when the caller already has it (instead of reading jobDir). */
  evidence?: Record<string, TaskEvidence>;
}

function runName(result: JobResult): string {
  const point = Object.entries(result.sweepPoint).map(([k, v]) => `${k.split('.').at(-1)}=${v}`);
  return point.length ? `${result.name} ${point.join(' ')}` : `${result.name} ${result.jobId}`;
}

/** A model id as one MLflow key segment: 'pretrained:knn' → 'pretrained_knn' (MLflow keys allow no ':'). */
function metricKeyPart(model: string): string {
  return model.replaceAll(':', '_');
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
    if (entry.klDivergence !== undefined) add('pretrain/kl_teacher_student', entry.klDivergence, entry.step);
    if (entry.prototypeUsage !== undefined) add('pretrain/prototype_usage', entry.prototypeUsage, entry.step);
    if (entry.koleoLoss !== undefined) add('pretrain/koleo_loss', entry.koleoLoss, entry.step);
    if (entry.ibotLoss !== undefined) add('pretrain/ibot_loss', entry.ibotLoss, entry.step);
  }
  for (const task of result.tasks) {
    for (const score of task.scores) {
      const prefix = `${task.task}/${metricKeyPart(score.model)}/labels_${score.fraction}`;
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
      const prefix = `${task.task}/${metricKeyPart(c.model)}_vs_${metricKeyPart(c.baseline)}/labels_${c.fraction}`;
      add(`${prefix}/delta_${c.metric}`, c.effect.value);
      add(`${prefix}/delta_ci_lower`, c.effect.ci.lower);
      add(`${prefix}/delta_ci_upper`, c.effect.ci.upper);
      add(`${prefix}/p_value`, c.pValue);
    }
    // The data set's fixed test part, when it has one: one value per model and fraction, no folds.
    for (const score of task.heldOut?.scores ?? []) {
      const prefix = `${task.task}/held_out/${metricKeyPart(score.model)}/labels_${score.fraction}`;
      for (const m of score.metrics) {
        add(`${prefix}/${m.metric}`, m.value);
        add(`${prefix}/${m.metric}/ci_lower`, m.ci.lower);
        add(`${prefix}/${m.metric}/ci_upper`, m.ci.upper);
      }
    }
    for (const c of task.heldOut?.comparisons ?? []) {
      const prefix = `${task.task}/held_out/${metricKeyPart(c.model)}_vs_${metricKeyPart(c.baseline)}/labels_${c.fraction}`;
      add(`${prefix}/delta_${c.metric}`, c.effect.value);
      add(`${prefix}/p_value`, c.pValue);
    }
  }
  for (const [stage, seconds] of Object.entries(result.timings)) add(`time/${stage.replace(/[^A-Za-z0-9_.\-/ ]/g, "_")}_sec`, seconds);
  // Inputs left out under data.onInvalid 'skip' (listed in the skipped.json artifact).
  add('data.skipped', skippedInputs(result).length);
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

type BundleSource = { tasks: Record<string, TaskEvidence> } | { unavailable: string };

/** The evidence for the bundle, or why there is none (a reused job whose data folder is gone, say). */
function bundleSource(result: JobResult, options: TrackJobOptions): BundleSource {
  if (options.evidence) return { tasks: options.evidence };
  const dir = options.jobDir ?? options.reportDir;
  if (dir === undefined) return { unavailable: 'no job folder was given to read the predictions from' };
  try {
    const evidence = loadRunEvidence(dir);
    if (evidence.result.jobId !== result.jobId) return { unavailable: `${dir} holds job ${evidence.result.jobId}, not ${result.jobId}` };
    return { tasks: evidence.tasks };
  } catch (error) {
    return { unavailable: (error as Error).message };
  }
}

export async function trackJob(sink: TrackingSink, result: JobResult, options: TrackJobOptions): Promise<string> {
  const bundle = bundleSource(result, options);
  const run = await openJobRun(sink, result, options);
  try {
    await run.logParams(flattenParams(result.spec));
    await run.setTags({
      'orthobench.specHash': result.jobId,
      'orthobench.backend': result.environment.backend,
      'orthobench.version': result.environment.orthobenchVersion,
      'orthobench.sweepPoint': JSON.stringify(result.sweepPoint),
      'orthobench.tasks': result.tasks.map((t) => `${t.task}@v${t.taskVersion}`).join(','),
      [BASELINE_BUNDLE_TAG]: 'tasks' in bundle ? BASELINE_ARTIFACT : `unavailable: ${bundle.unavailable}`.slice(0, 8000),
    });
    await run.logMetrics(jobMetrics(result, Date.parse(result.environment.finishedAt)));
    await run.logArtifact('spec.resolved.json', `${JSON.stringify(result.spec, null, 2)}\n`);
    await run.logArtifact('result.json', `${JSON.stringify(result, null, 2)}\n`);
    const skipped = skippedInputs(result);
    if (skipped.length) await run.logArtifact('skipped.json', `${JSON.stringify(skipped, null, 2)}\n`);
    if ('tasks' in bundle) {
      await run.logArtifact(BASELINE_ARTIFACT, JSON.stringify(toBaselineBundle({ source: result.jobId, result, tasks: bundle.tasks })));
    }
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
