// `bench report`: one self-contained HTML file for a job or a sweep — spec, environment, tables with CIs (percentile
// and BCa) and tests, the label-efficiency verdict, and every figure as inline SVG rendered from Vega-Lite in Node
// (no scripts, no network).
import type { JobResult, ModelKind, TaskResult } from '../dsl/results.ts';
import { defaultHeadlineModel, headlineOf } from '../benchmarks/analysis/headline-model.ts';
import { poolPredictions, type TaskEvidence } from '../benchmarks/analysis/run-evidence.ts';
import { rankModelsAcrossTasks } from '../benchmarks/analysis/rank-models.ts';
import { labelEfficiencySpec, trainingCurvesSpec } from './charts.ts';
import { escapeHtml, figure, htmlPage, htmlTable, note } from './html-page.ts';
import { renderVegaLite } from './render-svg.ts';
import { describeSkippedInput, skippedInputs } from './skipped-inputs.ts';
import {
  comparisonsTable, heldOutComparisonsTable, heldOutScoresTable, labelEfficiencyTable, labelEfficiencyVerdict, primaryIntervalsTable, scoresTable,
} from './results-table.ts';
import { confusionSpec, criticalDifferenceSpec, heatmapSpec, rocSpec, type RocSeries } from './report-charts.ts';
import { degenerateModelNotes } from './degenerate-models.ts';
import { testLegend } from './test-descriptions.ts';

export interface ReportRun {
  result: JobResult;
  /** Labels and predictions per task; absent when they could not be read (then `evidenceNote` says why). */
  evidence?: Record<string, TaskEvidence>;
  evidenceNote?: string;
}

export interface ReportInput {
  runs: ReportRun[];
  /** Inputs given but not reported (unreadable folders, unfinished jobs), each with the reason. */
  skipped: string[];
}

function keyOf(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]+/g, '-');
}

function environmentTable(result: JobResult): string {
  const e = result.environment;
  const rows = [
    ['job', result.jobId],
    ['sweep point', Object.keys(result.sweepPoint).length ? JSON.stringify(result.sweepPoint) : '(none)'],
    ['backend', e.backend],
    ['Node', e.node],
    ['platform', e.platform],
    ['git commit', e.gitCommit],
    ['orthobench', e.orthobenchVersion],
    ['started / finished', `${e.startedAt} / ${e.finishedAt} (${e.durationSec.toFixed(1)} s)`],
    ...result.datasets.map((d) => [`data: ${d.task}`, `${d.source}: ${d.nSamples} images of ${d.nPatients} patients, class counts ${d.classCounts.join('/')}`]),
  ];
  return htmlTable({ title: 'Environment', head: ['field', 'value'], rows });
}

async function predictionFigures(
  task: TaskResult, evidence: TaskEvidence | undefined, model: ModelKind, id: string, missing: string | undefined,
): Promise<string[]> {
  if (!evidence) return [note(`ROC curve and confusion matrix not drawn: ${missing ?? 'no stored predictions'}`)];
  const headline = headlineOf(evidence, model);
  const models = [...new Set(evidence.predictions.filter((p) => p.fraction === headline.fraction).map((p) => p.model))];
  const parts: string[] = [];
  if (task.labels.length === 2) {
    const series: RocSeries[] = models.flatMap((model) => {
      const pooled = poolPredictions(evidence, { model, fraction: headline.fraction });
      return pooled ? [{ model, yTrue: pooled.indices.map((i) => evidence.labels[i]), scores: pooled.probabilities.map((p) => p[1]) }] : [];
    });
    const svg = await renderVegaLite(rocSpec(`${task.task}: ROC, pooled out-of-fold`, series));
    parts.push(figure(`roc-${id}`, svg, `ROC curves at label fraction ${headline.fraction}`));
  } else {
    parts.push(note(`ROC curve: ${task.task} has ${task.labels.length} classes; ROC is drawn for binary tasks only.`));
  }
  const pooled = poolPredictions(evidence, headline);
  if (pooled) {
    const yTrue = pooled.indices.map((i) => evidence.labels[i]);
    const svg = await renderVegaLite(confusionSpec(`${task.task}: ${headline.model} confusion matrix`, task.labels, yTrue, pooled.predicted));
    parts.push(figure(`confusion-${id}`, svg, `rows: true label, columns: predicted; ${headline.model} at label fraction ${headline.fraction}`));
  }
  return parts;
}

/** The label-efficiency tests and verdict sentence; nothing for results written before the verdict existed. */
function labelEfficiencyPart(task: TaskResult, id: string): string[] {
  if (!task.labelEfficiency) return [];
  const table = labelEfficiencyTable(task);
  const verdict = escapeHtml(labelEfficiencyVerdict(task.labelEfficiency));
  return [...(table ? [htmlTable(table)] : []), `<p id="label-efficiency-verdict-${escapeHtml(id)}" class="verdict"><strong>Label-efficiency verdict:</strong> ${verdict}</p>`];
}

/** Scores and paired tests on the data set's fixed test part; nothing when the data set has no split. */
function heldOutPart(task: TaskResult, id: string): string[] {
  const scores = heldOutScoresTable(task);
  const comparisons = heldOutComparisonsTable(task);
  if (!scores || !comparisons) return [];
  return [
    `<h4 id="held-out-${escapeHtml(id)}">Held-out test</h4>`,
    '<p>Cross-validation above ran on the train part only; each model was also trained on the whole train part and scored once on the test part.</p>',
    htmlTable(scores),
    htmlTable(comparisons),
  ];
}

async function taskSection(run: ReportRun, task: TaskResult): Promise<string> {
  const id = keyOf(`${run.result.jobId}-${task.task}`);
  const efficiency = await renderVegaLite(labelEfficiencySpec(task));
  const intervals = primaryIntervalsTable(task);
  return [
    `<h3>Task ${escapeHtml(task.task)} (v${task.taskVersion})</h3>`,
    `<p>${task.nSamples} images, ${task.nPatients} patients, ${task.folds.length}-fold cross-validation grouped by patient.</p>`,
    htmlTable(scoresTable(task)),
    ...degenerateModelNotes(task).map((text) => note(`Note: ${text}`)),
    htmlTable(comparisonsTable(task)),
    ...(task.comparisons.length > 0 ? [`<ul class="legend">${testLegend(task).map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`] : []),
    ...(intervals ? [htmlTable(intervals)] : []),
    ...labelEfficiencyPart(task, id),
    ...heldOutPart(task, id),
    figure(`label-efficiency-${id}`, efficiency, `${task.primaryMetric} vs label fraction, 95% patient-bootstrap CI`),
    ...(await predictionFigures(task, run.evidence?.[task.task], defaultHeadlineModel(run.result).model, id, run.evidenceNote)),
  ].join('\n');
}

async function runSection(run: ReportRun): Promise<string> {
  const { result } = run;
  const parts = [`<h2 id="job-${escapeHtml(result.jobId)}">Job ${escapeHtml(result.jobId)}</h2>`, environmentTable(result)];
  const curves = trainingCurvesSpec(result);
  parts.push(curves ? figure(`training-${result.jobId}`, await renderVegaLite(curves), 'loss, teacher entropy, feature std and learning rate by step') : note('No training log recorded.'));
  const ranking = rankModelsAcrossTasks(result);
  parts.push(
    ranking.defined
      ? figure(`critical-difference-${result.jobId}`, await renderVegaLite(criticalDifferenceSpec(ranking.models, ranking.meanRanks, ranking.criticalDifference, ranking.tasks)), `Friedman p = ${ranking.friedmanP.toPrecision(3)}`)
      : note(`Critical-difference diagram skipped: ${ranking.reason}.`),
  );
  for (const task of result.tasks) parts.push(await taskSection(run, task));
  parts.push(`<details><summary>Resolved spec</summary><pre>${escapeHtml(JSON.stringify(result.spec, null, 2))}</pre></details>`);
  return parts.join('\n');
}

/** Heatmaps of the headline model's primary metric over the two axes of a 2-D sweep, one per task. */
async function sweepSection(runs: readonly ReportRun[]): Promise<string> {
  const axes = [...new Set(runs.flatMap((r) => Object.keys(r.result.sweepPoint)))];
  if (runs.length < 2 || axes.length !== 2) {
    return note(`Ablation heatmap skipped: needs a 2-D sweep (got ${runs.length} job(s) over ${axes.length} sweep axis/axes).`);
  }
  const [xAxis, yAxis] = axes;
  const model = defaultHeadlineModel(runs[0].result).model;
  const parts = ['<h2>Ablation</h2>'];
  for (const task of runs[0].result.tasks) {
    const cells = runs.flatMap((r) => {
      const t = r.result.tasks.find((x) => x.task === task.task);
      if (!t) return [];
      const fraction = Math.max(...t.scores.map((s) => s.fraction));
      const value = t.scores.find((s) => s.model === model && s.fraction === fraction)?.metrics.find((m) => m.metric === t.primaryMetric)?.pooled;
      return value === undefined ? [] : [{ x: String(r.result.sweepPoint[xAxis]), y: String(r.result.sweepPoint[yAxis]), value }];
    });
    const svg = await renderVegaLite(heatmapSpec(`${task.task}: ${model} ${task.primaryMetric}`, xAxis, yAxis, task.primaryMetric, cells));
    parts.push(figure(`heatmap-${keyOf(task.task)}`, svg, `pooled ${task.primaryMetric} of ${model} at the largest label fraction`));
  }
  return parts.join('\n');
}

export async function renderHtmlReport(input: ReportInput): Promise<string> {
  if (input.runs.length === 0) throw new RangeError('nothing to report: no finished job');
  const first = input.runs[0].result;
  // Report inputs that could not be read, and each run's data-set inputs left out under data.onInvalid 'skip'.
  const skipped = [...input.skipped, ...input.runs.flatMap((r) => skippedInputs(r.result).map((s) => `job ${r.result.jobId}, data ${describeSkippedInput(s)}`))];
  const title = input.runs.length > 1 ? `${first.name}: sweep of ${input.runs.length} jobs` : `${first.name}: job ${first.jobId}`;
  const body = [
    `<h1>${escapeHtml(title)}</h1>`,
    first.spec.description ? `<p>${escapeHtml(first.spec.description)}</p>` : '',
    input.runs.length > 1 ? await sweepSection(input.runs) : '',
    ...(await Promise.all(input.runs.map(runSection))),
    '<h2>Skipped inputs</h2>',
    skipped.length ? `<ul>${skipped.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>` : '<p id="skipped-none">none</p>',
  ];
  return htmlPage(title, body.join('\n'));
}
