// Number formatting shared by the terminal table and the reports, so both show the same figures.
import type { Interval, MetricSummary } from '../dsl/results.ts';

export function formatValue(value: number, digits = 3): string {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

export function formatInterval(ci: Interval, digits = 3): string {
  return `[${formatValue(ci.lower, digits)}, ${formatValue(ci.upper, digits)}]`;
}

/** "0.812 ± 0.031 [0.781, 0.845]": fold mean ± sd, then the bootstrap CI of the pooled metric. */
export function formatMetric(summary: MetricSummary): string {
  return `${formatValue(summary.mean)} ± ${formatValue(summary.sd)} ${formatInterval(summary.ci)}`;
}

export function formatPValue(p: number): string {
  if (!Number.isFinite(p)) return String(p);
  if (p < 1e-4) return p.toExponential(1);
  return p.toFixed(4);
}

export function formatFraction(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10}%`;
}
