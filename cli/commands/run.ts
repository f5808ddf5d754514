// `bench run`: runs every planned job (skipping finished ones), writes each job's report, logs it to MLflow
// and prints the results tables. Exit 1 if any job failed; results of the others are kept.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import pc from 'picocolors';
import { initBackend } from '../../runtime/backend.ts';
import type { Job } from '../../dsl/plan.ts';
import { runJob } from '../../runtime/job/run-job.ts';
import { JobStore } from '../../runtime/job/store.ts';
import { writeJobReport } from '../../reports/job-report.ts';
import { degenerateModelNotes } from '../../reports/degenerate-models.ts';
import { jobTables } from '../../reports/results-table.ts';
import { openSweepParent, trackJob } from '../../reports/track-job.ts';
import { openSink } from '../../tracking/uri.ts';
import { resolveTrackingTarget } from '../../tracking/rest/target.ts';
import { SPOOL_FOLDER } from '../../tracking/rest/spool-format.ts';
import type { TrackedRun } from '../../tracking/sink.ts';
import { EXIT, UsageError } from '../exit-codes.ts';
import { describeFailure, isInputError } from '../input-errors.ts';
import { loadExperiment } from '../load-spec.ts';
import { createProgressEvents } from '../progress.ts';
import { renderTable } from '../table.ts';

export interface RunOptions {
  profile?: string;
  out: string;
  tracking?: string;
  quiet?: boolean;
  /** Overrides pretrain.collapse.action of every job ('warn' | 'stop'). */
  onCollapse?: string;
}

const COLLAPSE_ACTIONS = ['warn', 'stop'] as const;
type CollapseAction = (typeof COLLAPSE_ACTIONS)[number];

function parseCollapseAction(value: string | undefined): CollapseAction | undefined {
  if (value === undefined) return undefined;
  const action = COLLAPSE_ACTIONS.find((a) => a === value);
  if (!action) throw new UsageError(`--on-collapse must be one of ${COLLAPSE_ACTIONS.join(', ')} (got "${value}")`);
  return action;
}

/** The job with its collapse action overridden; the id stays, since the action never changes what a finished run computed. */
function withCollapseAction(job: Job, action: CollapseAction | undefined): Job {
  if (!action) return job;
  const { pretrain } = job.spec;
  return { ...job, spec: { ...job.spec, pretrain: { ...pretrain, collapse: { ...pretrain.collapse, action } } } };
}

export async function runCommand(file: string, opts: RunOptions): Promise<void> {
  const onCollapse = parseCollapseAction(opts.onCollapse);
  const { spec, jobs } = await loadExperiment(file, opts.profile);
  const events = createProgressEvents(process.stderr, opts.quiet);
  const first = jobs[0].spec;
  const backend = await initBackend(first.runtime.backend);
  events.info(`orthobench: ${spec.name}, ${jobs.length} job(s), backend ${backend.name} (${backend.detail})`);
  // MLFLOW_TRACKING_URI / MLFLOW_EXPERIMENT_NAME apply where the spec kept the defaults; --tracking wins over both.
  const target = resolveTrackingTarget(first.tracking.uri, spec.tracking?.experiment ?? '', process.env);
  const sink = openSink(opts.tracking ?? target.uri, {
    spoolDir: join(opts.out, SPOOL_FOLDER),
    rest: { env: process.env, onOffline: (error, dir) => events.warn(`MLflow server unreachable (${error.message}); spooling to ${dir} — replay later with \`bench sync\``) },
  });
  const experimentName = target.experiment || first.tracking.experiment || spec.name;
  events.info(`tracking: ${sink.describe()}`);

  let parent: TrackedRun | undefined;
  if (jobs.length > 1) {
    const sweepId = createHash('sha256').update(jobs.map((j) => j.id).join(',')).digest('hex').slice(0, 12);
    parent = await openSweepParent(sink, experimentName, sweepId, `${spec.name} sweep`);
  }
  let failures = 0;
  let inputFailures = 0;
  for (const job of jobs) {
    const label = `job ${job.index + 1}/${jobs.length} ${job.id}`;
    try {
      const { result, reused } = await runJob(withCollapseAction(job, onCollapse), { outDir: opts.out, events, backend: backend.name });
      const store = new JobStore(opts.out, job.id);
      if (reused) events.info(`${label}: already finished, reusing ${store.path('result.json')}`);
      const report = await writeJobReport(result, store.dir);
      await trackJob(sink, result, { experimentName, parentRunId: parent?.runId, reportDir: store.dir });
      for (const table of jobTables(result)) process.stdout.write(renderTable(table));
      for (const task of result.tasks) for (const note of degenerateModelNotes(task)) process.stdout.write(`${pc.yellow('note:')} ${task.task}: ${note}\n`);
      process.stdout.write(`report: ${report}\n`);
    } catch (error) {
      failures++;
      if (isInputError(error)) inputFailures++;
      events.warn(`${label} failed: ${describeFailure(error)}`);
    }
  }
  await parent?.end(failures > 0 ? 'FAILED' : 'FINISHED');
  const summary = `${jobs.length - failures}/${jobs.length} job(s) finished; results in ${opts.out}`;
  process.stdout.write(`${failures > 0 ? pc.red(summary) : pc.green(summary)}\n`);
  // Every failure caused by bad input (a manifest, an image) → 2, as for a bad spec; any other failure → 1.
  process.exitCode = failures === 0 ? EXIT.ok : inputFailures === failures ? EXIT.badInput : EXIT.failure;
}
