// Problems found in a manifest, each pointing at file:line:column, collected so the user sees all at once.

export interface ManifestIssue {
  file: string;
  /** Absent for a problem with a whole file (an unreadable image, a DICOM file without a patient id). */
  line?: number;
  column?: number;
  message: string;
}

const SHOWN_ISSUES = 20;

export function formatIssue(issue: ManifestIssue): string {
  const where = issue.line === undefined ? '' : `:${issue.line}${issue.column === undefined ? '' : `:${issue.column}`}`;
  return `${issue.file}${where}  ${issue.message}`;
}

export class ManifestError extends Error {
  constructor(readonly issues: ManifestIssue[], what = 'manifest') {
    const shown = issues.slice(0, SHOWN_ISSUES).map(formatIssue);
    if (issues.length > SHOWN_ISSUES) shown.push(`… and ${issues.length - SHOWN_ISSUES} more`);
    super(`invalid ${what} (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${shown.join('\n')}`);
    this.name = 'ManifestError';
  }
}

/** Invalid inputs of a data set of any layout (manifest, class folders, DICOM tree, .npy stacks). */
export class InvalidDatasetError extends ManifestError {
  constructor(issues: ManifestIssue[]) {
    super(issues, 'data set');
    this.name = 'InvalidDatasetError';
  }
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** The candidate a misspelt name most likely meant (case, separators or ≤ 2 edits apart), if any. */
export function didYouMean(name: string, candidates: readonly string[]): string | undefined {
  const squash = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = squash(c) === squash(name) ? 0 : editDistance(c.toLowerCase(), name.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
