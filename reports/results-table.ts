// The tables every output shares (terminal, Markdown): scores per task, model and label fraction, and the
// paired comparisons of the pretrained model against each baseline.
import type { JobResult, TaskResult } from '../dsl/results.ts';
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

export function jobTables(result: JobResult): TableData[] {
  return result.tasks.flatMap((task) => [scoresTable(task), comparisonsTable(task)]);
}
