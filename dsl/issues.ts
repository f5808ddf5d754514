// Spec problems as data: every issue names the user's file, line and field, so the CLI can print
// `experiments/kl.yaml:14:7  /pretrain/ema/start  must be <= 1 (got 1.2)` and exit with code 2.

export interface SpecIssue {
  /** The spec file as the user named it (relative to the working directory when inside it). */
  file: string;
  /** 1-based line of the offending field, when it could be located in the source. */
  line?: number;
  /** 1-based column of the offending field, when it could be located in the source. */
  column?: number;
  /** JSON pointer of the field (e.g. /pretrain/ema/start); '' is the whole spec. */
  path: string;
  /** Human-readable problem, including any did-you-mean. */
  message: string;
  /** The replacement a did-you-mean proposes (a key, enum value or task id), for tools that offer fixes. */
  suggestion?: string;
}

/** `file:line:col  /path  message`; the location degrades to `file` when unknown, the root path to `/`. */
export function formatIssue(issue: SpecIssue): string {
  const position = issue.line === undefined ? '' : `:${issue.line}:${issue.column ?? 1}`;
  return `${issue.file}${position}  ${issue.path === '' ? '/' : issue.path}  ${issue.message}`;
}

/** Orders issues as they appear in the file; unlocated ones last, by path. */
export function compareIssues(a: SpecIssue, b: SpecIssue): number {
  const lineA = a.line ?? Infinity;
  const lineB = b.line ?? Infinity;
  if (lineA !== lineB) return lineA - lineB;
  const columnA = a.column ?? 0;
  const columnB = b.column ?? 0;
  if (columnA !== columnB) return columnA - columnB;
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** Thrown when a spec cannot be loaded or is invalid; the CLI prints every issue and exits with `exitCode`. */
export class SpecError extends Error {
  readonly issues: SpecIssue[];
  readonly exitCode = 2;

  constructor(issues: SpecIssue[]) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    super(`${count} in experiment spec:\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'SpecError';
    this.issues = issues;
  }
}
