// `bench compare` output: one row per (run pair, task) as a table, Markdown, JSON or CSV, naming the model compared,
// with the notes (an undefined test, samples resampled instead of patients) and the tasks that could not be compared.
import type { CompareOutcome, CompareRow } from '../benchmarks/analysis/compare-runs.ts';
import type { HeadlineModel } from '../benchmarks/analysis/headline-model.ts';
import { formatFraction, formatPValue, formatValue } from './format.ts';
import { markdownTable } from './markdown.ts';
import type { TableData } from './results-table.ts';

export type CompareFormat = 'table' | 'md' | 'json' | 'csv';

const MARK_SYMBOL: Record<CompareRow['mark'], string> = { win: '▲ win', loss: '▼ loss', 'n.s.': 'n.s.' };

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${formatValue(value)}`;
}

function testLabel(row: CompareRow): string {
  return row.resampling ? `${row.test} (CI over ${row.resampling})` : row.test;
}

export function compareTable(outcome: CompareOutcome): TableData {
  return {
    title: `${outcome.headline.model}: primary metric per task, current vs reference run (paired test on the same samples, Holm across tasks)`,
    head: ['task', 'runs', 'model@labels', 'metric', 'reference', 'current', 'Δ [95% CI]', 'test', 'p', 'p (Holm)', ''],
    rows: outcome.rows.map((r) => [
      r.task,
      `${r.currentRun} vs ${r.baselineRun}`,
      `${r.model}@${formatFraction(r.fraction)}`,
      r.metric,
      formatValue(r.baselineValue),
      formatValue(r.currentValue),
      `${signed(r.delta)} [${formatValue(r.ci[0])}, ${formatValue(r.ci[1])}]`,
      testLabel(r),
      formatPValue(r.pValue),
      formatPValue(r.adjustedPValue),
      MARK_SYMBOL[r.mark],
    ]),
  };
}

/** "pretrained:knn at 100% labels (why)": the model `bench compare` or `bench gate` tested, for its output. */
export function describeHeadline(headline: HeadlineModel, fractions: readonly number[] = []): string {
  const labels = [...new Set(fractions)].sort((a, b) => b - a).map(formatFraction);
  return `${headline.model}${labels.length ? ` at ${labels.join(' / ')} labels` : ''} (${headline.reason})`;
}

/** Why the model compared is not the linear probe, then one line per row note and per task left out. */
export function compareNotes(outcome: CompareOutcome): string[] {
  const { model, byDefault } = outcome.headline;
  return [
    ...(model === 'pretrained' && byDefault ? [] : [`model compared: ${describeHeadline(outcome.headline)}`]),
    ...outcome.rows.filter((r) => r.note).map((r) => `note: ${r.task} (${r.currentRun} vs ${r.baselineRun}): ${r.note}`),
    ...outcome.notComparable.map((s) => `not comparable: ${s}`),
    ...outcome.skipped.map((s) => `not compared: ${s}`),
  ];
}

function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const CSV_FIELDS = [
  'task',
  'baselineRun',
  'currentRun',
  'model',
  'fraction',
  'metric',
  'baselineValue',
  'currentValue',
  'delta',
  'ciLower',
  'ciUpper',
  'test',
  'pValue',
  'adjustedPValue',
  'mark',
  'resampling',
  'note',
] as const;

export function compareCsv(outcome: CompareOutcome): string {
  const lines = outcome.rows.map((r) => {
    const record = { ...r, ciLower: r.ci[0], ciUpper: r.ci[1] };
    return CSV_FIELDS.map((field) => csvCell(String(record[field] ?? ''))).join(',');
  });
  return [CSV_FIELDS.join(','), ...lines].join('\n') + '\n';
}

export function compareMarkdown(outcome: CompareOutcome): string {
  const table = compareTable(outcome);
  const notes = compareNotes(outcome).map((line) => `- ${line}`);
  return [`**${table.title}**`, '', markdownTable(table), ...(notes.length ? ['', ...notes] : []), ''].join('\n');
}
