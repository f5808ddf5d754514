// Validation reports every problem of a spec at once (schema, sweep, then semantic rules over every
// job the spec can produce), each placed at file:line:column of the text the user wrote.
import { describeValue } from './finding.ts';
import type { Finding } from './finding.ts';
import { compareIssues } from './issues.ts';
import type { SpecIssue } from './issues.ts';
import { isPlainObject, parentPointer } from './json-pointer.ts';
import { jobFindings } from './job-findings.ts';
import type { LoadedSpec } from './loaded-spec.ts';
import { schemaFindings } from './schema-findings.ts';
import type { SemanticOptions } from './setting-checks.ts';
import { checkSweep } from './sweep-checks.ts';

export type ValidateOptions = SemanticOptions;

export function validateSpec(loaded: LoadedSpec, options: ValidateOptions = {}): SpecIssue[] {
  const raw = loaded.raw;
  if (!isPlainObject(raw)) {
    return [place(loaded, { path: '', message: `a spec must be a mapping of fields, got ${describeValue(raw)}` })];
  }
  const schema = schemaFindings(raw);
  const sweep = checkSweep(raw.sweep);
  const jobs = jobFindings({ raw, validAxes: sweep.validAxes, schemaPaths: schema.map((f) => f.path), options });
  return [...schema, ...sweep.findings, ...jobs].map((finding) => place(loaded, finding)).sort(compareIssues);
}

/** Adds file, line and column; a field that is not written in the source points at its nearest written parent. */
function place(loaded: LoadedSpec, finding: Finding): SpecIssue {
  const issue: SpecIssue = { file: loaded.file, path: finding.path, message: finding.message };
  if (finding.suggestion !== undefined) issue.suggestion = finding.suggestion;
  for (let pointer: string | undefined = finding.path; pointer !== undefined; pointer = parentPointer(pointer)) {
    const position = loaded.locate(pointer);
    if (position !== undefined) return { ...issue, line: position.line, column: position.column };
  }
  return issue;
}
