// What loading a checkpoint into a backbone found: tensors missing, unexpected, of the wrong shape, or skipped as
// known extras; layout conversions made; hints at the spec fields that would make it fit. Names that differ only
// in the block index are listed once with their indices (blocks.{0–23}.ls1.gamma), so every tensor is named.
import type { CheckpointFormat } from './checkpoint-format.ts';

export interface ShapeMismatch {
  /** Our parameter name. */
  name: string;
  /** The tensor's name in the file. */
  source: string;
  expected: number[];
  /** Shape in the file, and after the layout conversion when that differs. */
  got: number[];
  converted?: number[];
}

export interface CheckpointLoadReport {
  file: string;
  format: CheckpointFormat;
  /** What decided the format: the spec, the metadata or the tensor names. */
  formatReason: string;
  /** Our parameters filled from the file. */
  loaded: string[];
  /** Our parameters the file does not hold. */
  missing: string[];
  /** File tensors that are no parameter of this backbone. */
  unexpected: string[];
  /** Known extras of released checkpoints (mask token, heads), skipped whatever initStrict says. */
  ignored: Array<{ name: string; why: string }>;
  mismatched: ShapeMismatch[];
  /** Layout conversions applied (transposes, channel sums, positional resampling). */
  conversions: string[];
  /** Spec changes that would make the checkpoint fit. */
  hints: string[];
}

/** Names grouped by pattern, block indices folded into ranges: ['blocks.{0–2,5}.ls1.gamma', 'norm.weight']. */
export function summariseNames(names: readonly string[]): string[] {
  const groups = new Map<string, number[]>();
  const order: string[] = [];
  for (const name of names) {
    const match = /^blocks\.(\d+)\.(.*)$/.exec(name);
    const key = match ? `blocks.#.${match[2]}` : name;
    if (!groups.has(key)) {
      groups.set(key, []);
      order.push(key);
    }
    if (match) groups.get(key)!.push(Number(match[1]));
  }
  return order.map((key) => {
    const indices = groups.get(key)!;
    if (indices.length === 0) return key;
    if (indices.length === 1) return key.replace('#', String(indices[0]));
    return key.replace('#', `{${indexRanges(indices)}}`);
  });
}

function indexRanges(indices: number[]): string {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j > i ? `${sorted[i]}–${sorted[j]}` : String(sorted[i]));
    i = j;
  }
  return parts.join(',');
}

const shapeText = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

function mismatchLines(mismatched: readonly ShapeMismatch[]): string[] {
  return mismatched.map((m) => {
    const via = m.converted && shapeText(m.converted) !== shapeText(m.got) ? ` (→ ${shapeText(m.converted)} after conversion)` : '';
    const renamed = m.source === m.name ? '' : ` (file: ${m.source})`;
    return `${m.name}${renamed}: file ${shapeText(m.got)}${via}, expected ${shapeText(m.expected)}`;
  });
}

/** The problems that stop a load: wrong shapes always, missing and unexpected tensors when strict. */
export function blockingProblems(report: CheckpointLoadReport, strict: boolean): string[] {
  const lines = mismatchLines(report.mismatched).map((l) => `wrong shape: ${l}`);
  if (strict) {
    if (report.missing.length > 0) lines.push(`missing (${report.missing.length}): ${summariseNames(report.missing).join(', ')}`);
    if (report.unexpected.length > 0) lines.push(`unexpected (${report.unexpected.length}): ${summariseNames(report.unexpected).join(', ')}`);
  }
  return lines;
}

/** Multi-line account of a load, for logs and errors. */
export function formatLoadReport(report: CheckpointLoadReport): string {
  const lines = [`${report.file}: ${report.format} layout (${report.formatReason}); ${report.loaded.length} tensors loaded`];
  const list = (label: string, names: readonly string[]): void => {
    if (names.length > 0) lines.push(`  ${label} (${names.length}): ${summariseNames(names).join(', ')}`);
  };
  list('missing', report.missing);
  list('unexpected', report.unexpected);
  for (const line of mismatchLines(report.mismatched)) lines.push(`  wrong shape: ${line}`);
  const whys = [...new Set(report.ignored.map((i) => i.why))];
  for (const why of whys) list(`ignored, ${why}`, report.ignored.filter((i) => i.why === why).map((i) => i.name));
  for (const note of report.conversions) lines.push(`  converted: ${note}`);
  for (const hint of report.hints) lines.push(`  hint: ${hint}`);
  return lines.join('\n');
}

export class CheckpointLoadError extends Error {
  readonly report: CheckpointLoadReport;

  constructor(report: CheckpointLoadReport, strict: boolean) {
    const problems = blockingProblems(report, strict);
    const fix = strict && (report.missing.length > 0 || report.unexpected.length > 0)
      ? '\nSet backbone.initStrict: false to keep the seeded init for missing tensors and skip unexpected ones (wrong shapes still fail).'
      : '';
    super(`${report.file} does not fit the backbone (${report.format} layout, ${report.formatReason}):\n  ${problems.join('\n  ')}${
      report.hints.map((h) => `\n  hint: ${h}`).join('')}${fix}`);
    this.name = 'CheckpointLoadError';
    this.report = report;
  }
}
