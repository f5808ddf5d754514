// `bench compare` output: one row per (run pair, task) as a table, Markdown, JSON or CSV.
import type { CompareOutcome, CompareRow } from '../benchmarks/analysis/compare-runs.ts';
import { formatPValue, formatValue } from './format.ts';
import { markdownTable } from './markdown.ts';
import type { TableData } from './results-table.ts';

export type CompareFormat = 'table' | 'md' | 'json' | 'csv';

const MARK_SYMBOL: Record<CompareRow['mark'], string> = { win: '▲ win', loss: '▼ loss', 'n.s.': 'n.s.' };

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${formatValue(value)}`;
}

export function compareTable(outcome: CompareOutcome): TableData {
  return {
    title: 'primary metric per task: current vs reference run (paired test on the same samples, Holm across tasks)',
    head: ['task', 'runs', 'metric', 'reference', 'current', 'Δ [95% CI]', 'test', 'p', 'p (Holm)', ''],
    rows: outcome.rows.map((r) => [
      r.task,
      `${r.currentRun} vs ${r.baselineRun}`,
      r.metric,
      formatValue(r.baselineValue),
      formatValue(r.currentValue),
      `${signed(r.delta)} [${formatValue(r.ci[0])}, ${formatValue(r.ci[1])}]`,
      r.test,
      formatPValue(r.pValue),
      formatPValue(r.adjustedPValue),
      MARK_SYMBOL[r.mark],
    ]),
  };
}

function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const CSV_FIELDS = ['task', 'baselineRun', 'currentRun', 'metric', 'baselineValue', 'currentValue', 'delta', 'ciLower', 'ciUpper', 'test', 'pValue', 'adjustedPValue', 'mark'] as const;

export function compareCsv(outcome: CompareOutcome): string {
  const lines = outcome.rows.map((r) => {
    const record = { ...r, ciLower: r.ci[0], ciUpper: r.ci[1] };
    return CSV_FIELDS.map((field) => csvCell(String(record[field]))).join(',');
  });
  return [CSV_FIELDS.join(','), ...lines].join('\n') + '\n';
}

export function compareMarkdown(outcome: CompareOutcome): string {
  const table = compareTable(outcome);
  const skipped = outcome.skipped.map((s) => `- not compared: ${s}`);
  return [`**${table.title}**`, '', markdownTable(table), ...(skipped.length ? ['', ...skipped] : []), ''].join('\n');
}
