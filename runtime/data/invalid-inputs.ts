// The bad-input policy (spec data.onInvalid): under 'fail' every problem is collected and thrown at once with
// file:line; under 'skip' the input is left out and listed. Problems that no skip can repair (a CSV header,
// a patient on both sides of a split, a class with no image) are always fatal.
import { InvalidDatasetError, type ManifestIssue } from './manifest-error.ts';
import type { SkippedInput } from './sample-ref.ts';

export type OnInvalid = 'fail' | 'skip';

export interface InputProblem {
  /** The image file, or the declaring file when the problem is with the declaration itself. */
  path: string;
  reason: string;
  listedIn?: string;
  line?: number;
  column?: number;
  /** 'row': the declaration at listedIn:line is wrong (a label, an id); 'file' (default): the file itself is. */
  kind?: 'row' | 'file';
}

export class InvalidInputs {
  readonly skipped: SkippedInput[] = [];
  private readonly issues: ManifestIssue[] = [];

  constructor(readonly policy: OnInvalid) {}

  /** One input is invalid: fail later, or leave it out now. */
  report(problem: InputProblem): void {
    if (this.policy === 'skip') {
      const { path, reason, listedIn, line } = problem;
      this.skipped.push({ path, reason, ...(listedIn !== undefined ? { listedIn } : {}), ...(line !== undefined ? { line } : {}) });
      return;
    }
    this.issues.push(issueOf(problem));
  }

  /** A problem skipping cannot repair. */
  fatal(problem: InputProblem): void {
    this.issues.push(issueOf(problem));
  }

  get failed(): boolean {
    return this.issues.length > 0;
  }

  throwIfFailed(): void {
    if (this.issues.length > 0) throw new InvalidDatasetError(this.issues);
  }
}

function issueOf(problem: InputProblem): ManifestIssue {
  const { path, reason, listedIn, line, column } = problem;
  if (listedIn === undefined) return { file: path, message: reason };
  const message = problem.kind === 'row' || listedIn === path ? reason : `${path}: ${reason}`;
  return { file: listedIn, ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}), message };
}
