// `bench select <spec>`: loads the task's images once, extracts each candidate backbone's frozen features, scores
// them with the transferability estimators, optionally measures each with the cross-validated linear probe, then
// prints, writes and logs the rankings. Composition only: the numbers come from benchmarks/selection.
import { getTask } from '../../benchmarks/tasks/registry.ts';
import { taskOptions } from '../task-options.ts';
import type { TaskDefinition } from '../../benchmarks/tasks/task.ts';
import { Rng } from '../../benchmarks/rng.ts';
import { measureLinearProbe, type ProbeMeasurement } from '../../benchmarks/selection/measure-probe.ts';
import { scoreWithEstimators } from '../../benchmarks/selection/score-estimators.ts';
import { SELECTION_SCHEMA_VERSION, selectionResultJson, type SelectedCandidate, type SelectionResult } from '../../benchmarks/selection/selection-result.ts';
import { summarizeSelection } from '../../benchmarks/selection/summarize-selection.ts';
import { patientGroupedStratifiedKFold, type Fold } from '../../benchmarks/splits/grouped-kfold.ts';
import { jobIdOf } from '../../dsl/job-id.ts';
import { SpecError } from '../../dsl/issues.ts';
import { loadValidatedSpec } from '../../dsl/load-validated.ts';
import { computedPart } from '../../dsl/plan.ts';
import { resolveSpec } from '../../dsl/resolve.ts';
import type { ResolvedExperiment } from '../../dsl/types.ts';
import { initBackend } from '../../runtime/backend.ts';
import { backboneFromCheckpoint, readBackboneCheckpoint } from '../../runtime/model/checkpoint/backbone-checkpoint.ts';
import { gitCommit } from '../../runtime/job/environment.ts';
import type { JobEvents } from '../../runtime/job/events.ts';
import { prepareDataset, type PreparedDataset } from '../../runtime/job/prepare-dataset.ts';
import { extractFeatures } from '../../runtime/model/features.ts';
import { VisionTransformer } from '../../runtime/model/vit.ts';
import { renderTable } from '../table.ts';
import { createProgressEvents } from '../progress.ts';
import { resolveCandidates, type ResolvedCandidate } from './select-candidates.ts';
import { selectionMarkdown, writeSelectionFiles } from './select-report.ts';
import { architectureLabel, selectionTables } from './select-tables.ts';
import { openSelectionSink, type SelectionSink } from './select-sink.ts';
import { trackSelection } from './select-tracking.ts';

export interface SelectOptions {
  profile?: string;
  /** Folder for select-report.md and select-result.json. */
  out?: string;
  /** Results store that "job:" candidates are looked up in. */
  runs: string;
  tracking?: string;
  json?: boolean;
  quiet?: boolean;
}

const FEATURE_BATCH = 64;

export async function selectCommand(file: string, opts: SelectOptions): Promise<void> {
  const startedAt = new Date();
  const { loaded, spec } = await loadValidatedSpec(file, taskOptions());
  const resolved = resolveSpec(spec, { profile: opts.profile, file: loaded.file });
  const events = createProgressEvents(process.stderr, opts.quiet);
  if (spec.sweep !== undefined) events.warn('bench select ignores the sweep: it uses the spec with its defaults and profile');
  const task = getTask(resolved.select.task || resolved.tasks[0]);
  const candidates = await resolveCandidates({ loaded, resolved, profile: opts.profile, runsDir: opts.runs });
  const tracking = openSelectionSink(resolved, spec.tracking?.experiment ?? '', opts, events);
  const backend = await initBackend(resolved.runtime.backend);
  const data = await prepareDataset({ ...resolved, tasks: [task.id] }, task, events);
  const { estimators, measure } = resolved.select;
  const folds = measure === 'linear-probe' ? patientGroupedStratifiedKFold(data.labels, data.groups, resolved.eval.folds, new Rng(resolved.seed).fork('select:folds')) : undefined;
  events.info(
    `bench select: ${candidates.length} candidates × ${estimators.length} estimators on ${task.id} (${data.labels.length} images)` +
      (folds ? `, measured by a ${folds.length}-fold linear probe (${task.primaryMetric})` : ''),
  );

  const evaluated: SelectedCandidate[] = [];
  events.stageStart(`select ${task.id}`, candidates.length);
  for (const [index, candidate] of candidates.entries()) {
    const outcome = await evaluateCandidate(candidate, { resolved, task, data, folds });
    evaluated.push(outcome);
    events.info(describeOutcome(outcome, index, candidates.length));
    events.stageTick(index + 1, { candidate: candidate.name });
  }
  events.stageEnd();

  const summary = summarizeSelection({
    candidates: evaluated.map((c) => c.name),
    estimators,
    scores: evaluated.map((c) => c.scores.map((s) => s.score)),
    ...(folds ? { measured: { metric: task.primaryMetric, values: evaluated.map((c) => c.measured?.pooled ?? Number.NaN), higherIsBetter: primaryHigherIsBetter(task) } } : {}),
  });
  const finishedAt = new Date();
  const result: SelectionResult = {
    schemaVersion: SELECTION_SCHEMA_VERSION,
    selectionId: selectionIdOf(resolved, candidates),
    name: resolved.name,
    description: resolved.description,
    seed: resolved.seed,
    task: { id: task.id, version: task.version, primaryMetric: task.primaryMetric, unit: task.unit, numClasses: task.labels.length },
    data: { source: data.source, nSamples: data.labels.length, nPatients: new Set(data.groups).size },
    estimators: [...estimators],
    aggregate: 'mean-rank',
    measure,
    ...(folds ? { folds: folds.length } : {}),
    candidates: evaluated,
    summary,
    environment: {
      backend: backend.name,
      gitCommit: gitCommit(),
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationSec: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    },
  };
  await publish(result, opts, tracking, events);
}

interface EvaluationContext {
  resolved: ResolvedExperiment;
  task: TaskDefinition;
  data: PreparedDataset;
  folds?: Fold[];
}

async function evaluateCandidate(candidate: ResolvedCandidate, { resolved, task, data, folds }: EvaluationContext): Promise<SelectedCandidate> {
  const started = performance.now();
  const backbone = await loadCandidateBackbone(candidate, resolved.seed);
  let features: Float64Array[];
  try {
    features = await extractFeatures(backbone, data.images, resolved.data.imageSize, FEATURE_BATCH);
  } finally {
    backbone.dispose();
  }
  const featureSeconds = (performance.now() - started) / 1000;
  const scores = scoreWithEstimators(features, data.labels, resolved.select.estimators, resolved.seed);
  let measured: ProbeMeasurement | undefined;
  if (folds) {
    const { probe, examPooling } = resolved.eval;
    measured = measureLinearProbe({
      features,
      labels: data.labels,
      groups: data.groups,
      numClasses: task.labels.length,
      metric: task.primaryMetric,
      folds,
      probe,
      // The same inner validation patients for every candidate.
      rng: new Rng(resolved.seed).fork('select:probe'),
      ...(task.unit === 'exam' ? { exams: data.exams, examPooling } : {}),
    });
  }
  const { source } = candidate;
  return {
    name: candidate.name,
    init: candidate.init,
    ...(source.kind === 'checkpoint' ? { checkpoint: source.path, ...(source.jobId ? { jobId: source.jobId } : {}) } : {}),
    ...(candidate.preset ? { preset: candidate.preset } : {}),
    patchSize: candidate.patchSize,
    featureDim: candidate.config.dim,
    scores,
    ...(measured ? { measured } : {}),
    featureSeconds,
  };
}

/**
 * A random init is seeded by the spec's seed and the candidate's name, so two random candidates differ. A checkpoint
 * loads strictly through runtime/model/checkpoint, in its own layout (renames, torch transposes, RGB kernel sums).
 */
export async function loadCandidateBackbone(candidate: ResolvedCandidate, seed: number): Promise<VisionTransformer> {
  const rng = new Rng(seed).fork(`select:${candidate.name}`);
  if (candidate.source.kind === 'random') return VisionTransformer.create(candidate.config, rng, candidate.name);
  const { path, format } = candidate.source;
  try {
    const converted = await readBackboneCheckpoint(path, candidate.config, { format, strict: true });
    return backboneFromCheckpoint(converted, candidate.config, rng, candidate.name);
  } catch (error) {
    throw new SpecError([{ ...candidate.initLocation, message: `checkpoint ${path} does not load as a ${architectureLabel(candidate.preset, candidate.config.dim, candidate.patchSize)} ViT: ${(error as Error).message}` }]);
  }
}

function describeOutcome(c: SelectedCandidate, index: number, total: number): string {
  const scores = c.scores.map((s) => `${s.estimator} ${Number.isFinite(s.score) ? s.score.toPrecision(4) : 'failed'}`).join(', ');
  const probe = c.measured ? `; probe ${c.measured.metric} ${c.measured.pooled.toFixed(3)}` : '';
  return `candidate ${index + 1}/${total} ${c.name} (${architectureLabel(c.preset, c.featureDim, c.patchSize)}, ${c.init}): features ${c.featureDim}-d in ${c.featureSeconds.toFixed(1)}s; ${scores}${probe}`;
}

function primaryHigherIsBetter(task: TaskDefinition): boolean {
  return task.metrics.find((m) => m.id === task.primaryMetric)?.higherIsBetter ?? true;
}

/** Everything the selection computes from, hashed: reruns of the same selection reuse their MLflow run. */
function selectionIdOf(resolved: ResolvedExperiment, candidates: readonly ResolvedCandidate[]): string {
  const loaded = candidates.map(({ name, init, source, config }) => ({ name, init, source, config }));
  return jobIdOf({ spec: computedPart(resolved), select: resolved.select, candidates: loaded });
}

async function publish(result: SelectionResult, opts: SelectOptions, tracking: SelectionSink, events: JobEvents): Promise<void> {
  const report = selectionMarkdown(result);
  const reportPath = opts.out === undefined ? undefined : await writeSelectionFiles(result, report, opts.out);
  const runId = await trackSelection(tracking.sink, result, report, tracking.experimentName);
  events.info(`tracking: ${tracking.sink.describe()}, run ${runId}`);
  if (opts.json) {
    process.stdout.write(selectionResultJson(result));
    return;
  }
  for (const table of selectionTables(result)) process.stdout.write(renderTable(table));
  process.stdout.write(`selected: ${result.candidates[result.summary.order[0]].name} (best mean rank over ${result.estimators.length} estimators)\n`);
  if (reportPath) process.stdout.write(`report: ${reportPath}\n`);
}
