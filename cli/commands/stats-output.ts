// How `bench stats` prints a StatResult: terminal tables by default, or JSON where non-finite numbers are the
// strings "Infinity", "-Infinity" and "NaN" (plain JSON would turn them into an ambiguous null).
import type { Cell, StatOptions, StatResult } from '../../benchmarks/stats-catalog/stat-entry.ts';
import { formatPValue } from '../../reports/format.ts';
import type { TableData } from '../../reports/results-table.ts';

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  if (!Number.isFinite(value)) return value > 0 ? '∞' : value < 0 ? '−∞' : 'NaN';
  return Math.abs(value) < 1e-4 ? value.toExponential(3) : value.toFixed(4);
}

function formatCell(cell: Cell): string {
  if (typeof cell === 'number') return formatNumber(cell);
  if (cell === null) return '–';
  return String(cell);
}

/** The summary table (statistic, p, CI, effect, method, details, notes) followed by the result's own tables. */
export function statTables(result: StatResult, source: string): TableData[] {
  const rows: string[][] = [];
  if (result.statistic) rows.push([result.statistic.name, result.statistic.value === null ? 'undefined' : formatNumber(result.statistic.value)]);
  if (result.pValue !== undefined) rows.push(['p-value', formatPValue(result.pValue)]);
  if (result.ci) {
    const { lower, upper, confidence, method } = result.ci;
    const oneSided = !Number.isFinite(lower) || !Number.isFinite(upper);
    const interval = `${Number.isFinite(lower) ? '[' : '('}${formatNumber(lower)}, ${formatNumber(upper)}${Number.isFinite(upper) ? ']' : ')'}`;
    rows.push([`${Math.round(confidence * 1000) / 10}%${oneSided ? ' one-sided' : ''} CI`, `${interval} (${method})`]);
  }
  if (result.effect) {
    const ci = result.effect.ci ? ` [${formatNumber(result.effect.ci[0])}, ${formatNumber(result.effect.ci[1])}]` : '';
    rows.push([`effect: ${result.effect.name}`, `${formatNumber(result.effect.value)}${ci}`]);
  }
  rows.push(['n', String(result.n)], ['method', result.method]);
  for (const [key, value] of Object.entries(result.details)) rows.push([key, formatCell(value)]);
  for (const note of result.notes) rows.push(['note', note]);
  const summary: TableData = { title: `${result.name}: ${result.title} (${source})`, head: ['quantity', 'value'], rows };
  return [summary, ...result.tables.map((t) => ({ title: t.title, head: t.head, rows: t.rows.map((row) => row.map(formatCell)) }))];
}

function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

/** The machine-readable result, with the input file and the options that shaped it. */
export function statJson(result: StatResult, source: string, options: StatOptions): string {
  const { name, title, method, n, statistic, pValue, ci, effect, details, tables, notes } = result;
  const document = {
    name,
    title,
    input: source,
    method,
    n,
    statistic: statistic ?? null,
    pValue: pValue ?? null,
    ci: ci ?? null,
    effect: effect ?? null,
    details,
    tables,
    notes,
    options,
  };
  return `${JSON.stringify(document, jsonSafe, 2)}\n`;
}
