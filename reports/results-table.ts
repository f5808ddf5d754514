// The tables every output shares (terminal, Markdown, HTML): scores per task, model and label fraction, the paired
// comparisons of each model against its baselines, the pooled primary metric's percentile and BCa intervals, and
// the label-efficiency tests with their one-sentence verdict, and the held-out test block when the data has a split.
import type { JobResult, LabelEfficiency, TaskResult } from '../dsl/results.ts';
import { formatFraction, formatInterval, formatMetric, formatPValue, formatValue } from './format.ts';

export interface TableData {
  title: string;
  head: string[];
  rows: string[][];
}

function metricIds(task: TaskResult): string[] {
  return task.scores[0]?.metrics.map((m) => m.metric) ?? [];
}

export function scoresTable(task: TaskResult): TableData {
  const metrics = metricIds(task);
  const rows = [...task.scores]
    .sort((a, b) => a.fraction - b.fraction || a.model.localeCompare(b.model))
    .map((score) => [
      score.model,
      formatFraction(score.fraction),
      ...metrics.map((id) => {
        const summary = score.metrics.find((m) => m.metric === id);
        return summary ? formatMetric(summary) : '–';
      }),
    ]);
  return {
    title: `${task.task} (v${task.taskVersion}): fold mean ± sd [95% patient-bootstrap CI of pooled out-of-fold]`,
    head: ['model', 'labels', ...metrics],
    rows,
  };
}

export function comparisonsTable(task: TaskResult): TableData {
  const rows = task.comparisons.map((c) => [
    `${c.model} vs ${c.baseline}`,
    formatFraction(c.fraction),
    c.metric,
    `${c.effect.value >= 0 ? '+' : ''}${formatValue(c.effect.value)} ${formatInterval(c.effect.ci)}`,
    c.test,
    formatPValue(c.pValue),
    c.significant ? (c.effect.value > 0 ? 'better' : 'worse') : 'n.s.',
  ]);
  return {
    title: `${task.task}: paired comparisons on pooled out-of-fold predictions`,
    head: ['comparison', 'labels', 'metric', 'Δ [CI]', 'test', 'p', `verdict`],
    rows,
  };
}

/** A confidence level as a percentage: 0.95 → "95%". */
export function formatLevel(level: number): string {
  return `${Math.round(level * 1000) / 10}%`;
}

/** The pooled primary metric of each model and fraction with its percentile and BCa intervals; none before BCa existed. */
export function primaryIntervalsTable(task: TaskResult): TableData | undefined {
  const rows: string[][] = [];
  let confidence = 0.95;
  for (const score of [...task.scores].sort((a, b) => a.fraction - b.fraction || a.model.localeCompare(b.model))) {
    const summary = score.metrics.find((m) => m.metric === task.primaryMetric);
    if (!summary?.bca) continue;
    confidence = summary.bca.confidence;
    rows.push([score.model, formatFraction(score.fraction), formatValue(summary.pooled), formatInterval(summary.ci), formatInterval(summary.bca)]);
  }
  if (rows.length === 0) return undefined;
  const level = formatLevel(confidence);
  return {
    title: `Pooled ${task.primaryMetric}, ${level} intervals resampling patients (percentile and BCa)`,
    head: ['model', 'labels', `pooled ${task.primaryMetric}`, `${level} percentile CI`, `${level} BCa CI`],
    rows,
  };
}

/** The non-inferiority test at each label fraction; undefined when the verdict is absent or was not assessed. */
export function labelEfficiencyTable(task: TaskResult): TableData | undefined {
  const efficiency = task.labelEfficiency;
  if (!efficiency || efficiency.tests.length === 0) return undefined;
  return {
    title:
      `Label efficiency: ${efficiency.model} at each label fraction against ${efficiency.referenceModel}@${formatFraction(efficiency.referenceFraction)} ` +
      `on ${efficiency.metric} (${efficiency.method}; margin ${efficiency.margin}, α = ${efficiency.alpha}, ${efficiency.resamples} resamples)`,
    head: ['labels', `Δ ${efficiency.metric}`, `one-sided ${formatLevel(1 - efficiency.alpha)} lower bound`, 'p (H₀: Δ ≤ −margin)', 'non-inferior'],
    rows: efficiency.tests.map((t) => [formatFraction(t.fraction), formatValue(t.delta), formatValue(t.lowerBound), formatPValue(t.pValue), t.nonInferior ? 'yes' : 'no']),
  };
}

/**
 * One sentence: from which label fraction the model matches the reference, if any. `strong` marks the model names
 * (Markdown bold in report.md; plain where the caller escapes the sentence, as the HTML report does).
 */
export function labelEfficiencyVerdict(efficiency: LabelEfficiency, strong: (text: string) => string = (text) => text): string {
  const reference = strong(`${efficiency.referenceModel}@${formatFraction(efficiency.referenceFraction)}`);
  const model = strong(efficiency.model);
  if (efficiency.tests.length === 0) return `Label efficiency not assessed: ${efficiency.reason}.`;
  if (efficiency.smallestFraction === null || efficiency.pValue === null) {
    const largest = efficiency.tests[efficiency.tests.length - 1];
    return (
      `${model} is not non-inferior to ${reference} at any label fraction (margin ${efficiency.margin}; ` +
      `at ${formatFraction(largest.fraction)}: Δ = ${formatValue(largest.delta)}, lower bound ${formatValue(largest.lowerBound)}, p = ${formatPValue(largest.pValue)}).`
    );
  }
  return (
    `${model} matches ${reference} from ${formatFraction(efficiency.smallestFraction)} labels ` +
    `(${efficiency.metric}, margin ${efficiency.margin}, p = ${formatPValue(efficiency.pValue)}).`
  );
}

/** Each model's score on the held-out test part with its patient-bootstrap CI; undefined without a split. */
export function heldOutScoresTable(task: TaskResult): TableData | undefined {
  const heldOut = task.heldOut;
  if (!heldOut) return undefined;
  const metrics = heldOut.scores[0]?.metrics.map((m) => m.metric) ?? [];
  const rows = [...heldOut.scores]
    .sort((a, b) => a.fraction - b.fraction || a.model.localeCompare(b.model))
    .map((score) => [
      score.model,
      formatFraction(score.fraction),
      String(score.trainCount),
      ...metrics.map((id) => {
        const m = score.metrics.find((x) => x.metric === id);
        return m ? `${formatValue(m.value)} ${formatInterval(m.ci)}${id === task.primaryMetric && m.bca ? ` BCa ${formatInterval(m.bca)}` : ''}` : '–';
      }),
    ]);
  const level = formatLevel(heldOut.scores[0]?.metrics[0]?.ci.confidence ?? 0.95);
  const unit = task.nExams === undefined ? 'samples' : 'exams';
  return {
    title:
      `${task.task}: held-out test (${heldOut.testSamples} ${unit}, ${heldOut.testPatients} patients; trained on the ${heldOut.trainSamples} ${unit} of ` +
      `${heldOut.trainPatients} patients of the train part): value [${level} patient-bootstrap CI]`,
    head: ['model', 'labels', 'train images', ...metrics],
    rows,
  };
}

/** The paired tests on the held-out test part; undefined without a split. */
export function heldOutComparisonsTable(task: TaskResult): TableData | undefined {
  if (!task.heldOut) return undefined;
  const table = comparisonsTable({ ...task, comparisons: task.heldOut.comparisons });
  return { ...table, title: `${task.task}: paired comparisons on the held-out test part` };
}

export function jobTables(result: JobResult): TableData[] {
  return result.tasks.flatMap((task) => [
    scoresTable(task),
    comparisonsTable(task),
    ...[heldOutScoresTable(task), heldOutComparisonsTable(task)].filter((t): t is TableData => t !== undefined),
  ]);
}
