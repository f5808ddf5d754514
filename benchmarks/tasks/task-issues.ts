// Problems in task YAML files, each naming the file, line, column and field, collected over every file so
// a broken registry is reported in one go (`defs/acl-tear.yaml:12:3  /phantom/labelNoise  must be <= 0.5`).
import type { ErrorObject } from 'ajv';
import { closestMatch, didYouMeanSuffix } from '../../dsl/did-you-mean.ts';
import { describeValue, formatValue } from '../../dsl/finding.ts';

export interface TaskIssue {
  file: string;
  line?: number;
  column?: number;
  /** JSON pointer of the field ('' for the whole file). */
  path: string;
  message: string;
}

export function formatTaskIssue(issue: TaskIssue): string {
  const position = issue.line === undefined ? '' : `:${issue.line}:${issue.column ?? 1}`;
  return `${issue.file}${position}  ${issue.path === '' ? '/' : issue.path}  ${issue.message}`;
}

export class TaskRegistryError extends Error {
  constructor(readonly issues: readonly TaskIssue[]) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    super(`${count} in task definitions:\n${issues.map(formatTaskIssue).join('\n')}`);
    this.name = 'TaskRegistryError';
  }
}

/** A field problem before it is placed in a file. */
export interface FieldProblem {
  path: string;
  message: string;
  /** The key or value a did-you-mean proposes. */
  suggestion?: string;
}

function listSchemaKeys(error: ErrorObject): string[] {
  const parent = error.parentSchema as { properties?: Record<string, unknown> } | undefined;
  return Object.keys(parent?.properties ?? {});
}

/** ajv's error worded for people, with `prefix` put before its instance path (for sub-schemas). */
export function problemFromAjv(error: ErrorObject, prefix = ''): FieldProblem {
  const path = prefix + error.instancePath;
  const params = error.params as Record<string, unknown>;
  const got: unknown = error.data;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = listSchemaKeys(error);
      const suggestion = closestMatch(key, allowed);
      const list = allowed.length > 0 ? ` (allowed: ${allowed.join(', ')})` : ' (this generator takes no sign parameters)';
      return { path: `${path}/${key}`, message: `unknown key "${key}"${didYouMeanSuffix(suggestion)}${list}`, ...(suggestion ? { suggestion } : {}) };
    }
    case 'required':
      return { path: `${path}/${String(params.missingProperty)}`, message: `missing required field "${String(params.missingProperty)}"` };
    case 'type':
      return { path, message: `expected ${String(params.type)}, got ${describeValue(got)}` };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const hint = typeof got === 'string' ? didYouMeanSuffix(closestMatch(got, allowed)) : '';
      return { path, message: `expected one of ${allowed.join('|')}, got ${formatValue(got)}${hint}` };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { path, message: `must be ${String(params.comparison)} ${String(params.limit)} (got ${formatValue(got)})` };
    case 'minItems':
    case 'maxItems':
      return { path, message: `${error.message ?? 'wrong number of items'} (got ${Array.isArray(got) ? got.length : '?'})` };
    case 'pattern':
      return { path, message: `must match ${String(params.pattern)} (got ${formatValue(got)})` };
    default:
      return { path, message: error.message ?? `fails ${error.keyword}` };
  }
}
