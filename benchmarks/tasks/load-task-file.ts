// Reads one task YAML file: parse with positions, check against the task schema and the cross-field rules,
// and return the task or every problem located at file:line:column.
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { SpecError } from '../../dsl/issues.ts';
import { loadYamlSpec } from '../../dsl/load-yaml.ts';
import type { LoadedSpec } from '../../dsl/loaded-spec.ts';
import type { TaskDefinition } from './task.ts';
import { compileTaskSchema, taskProblems } from './task-checks.ts';
import { problemFromAjv, type FieldProblem, type TaskIssue } from './task-issues.ts';
import { TASK_FILE_SCHEMA } from './task-schema.ts';

export type TaskFileResult = { task: TaskDefinition; issues: [] } | { task?: undefined; issues: TaskIssue[] };

let validator: ValidateFunction | undefined;

function validateTaskShape(raw: unknown): FieldProblem[] {
  validator ??= compileTaskSchema(TASK_FILE_SCHEMA);
  return validator(raw) ? [] : withoutRedundant((validator.errors ?? []).map((e) => problemFromAjv(e)));
}

/** A missing field that an unknown key's did-you-mean already names is one problem, not two. */
function withoutRedundant(problems: FieldProblem[]): FieldProblem[] {
  const suggested = new Set(problems.flatMap((p) => (p.suggestion === undefined ? [] : [p.path.replace(/[^/]*$/, p.suggestion)])));
  return problems.filter((p) => !(p.message.startsWith('missing required field') && suggested.has(p.path)));
}

/** Places a problem at the deepest part of its path that is written in the file. */
function locate(loaded: LoadedSpec, problem: FieldProblem): TaskIssue {
  let pointer = problem.path;
  for (;;) {
    const position = loaded.locate(pointer);
    if (position !== undefined || pointer === '') return { file: loaded.file, ...position, ...problem };
    pointer = pointer.slice(0, pointer.lastIndexOf('/'));
  }
}

export function loadTaskFile(file: string): TaskFileResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { issues: [{ file, path: '', message: `cannot read task file (${(error as NodeJS.ErrnoException).code ?? String(error)})` }] };
  }
  let loaded: LoadedSpec;
  try {
    loaded = loadYamlSpec(text, file);
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    return { issues: error.issues.map(({ line, column, path, message }) => ({ file, line, column, path, message })) };
  }
  const shape = validateTaskShape(loaded.raw);
  if (shape.length > 0) return { issues: shape.map((p) => locate(loaded, p)) };
  const task = { ...(loaded.raw as TaskDefinition), file };
  const problems = taskProblems(task, basename(file, extname(file)));
  if (problems.length > 0) return { issues: problems.map((p) => locate(loaded, p)) };
  return { task, issues: [] };
}
