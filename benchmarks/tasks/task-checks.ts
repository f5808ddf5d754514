// Rules a task file must meet beyond its JSON Schema: fields that must agree with each other (labels and
// output type, prevalence and labels, generator and modality) and the generator's own sign parameters.
import { Ajv, type ValidateFunction } from 'ajv';
import type { TaskDefinition, TaskPhantom } from './task.ts';
import { problemFromAjv, type FieldProblem } from './task-issues.ts';
import { MRI_FINDINGS, RANGE_KEYS, SIGN_SCHEMAS } from './task-schema.ts';

const SUM_TOLERANCE = 1e-6;
const XRAY_GENERATORS = new Set(['knee-radiograph', 'knee-prognosis']);

let ajv: Ajv | undefined;
const signValidators = new Map<string, ValidateFunction>();

/** One ajv instance for all task schemas: compiling several schemas in one instance is ~3× faster. */
export function compileTaskSchema(schema: Record<string, unknown>): ValidateFunction {
  ajv ??= new Ajv({ allErrors: true, verbose: true, strict: true });
  return ajv.compile(schema);
}

function signValidator(generator: string): ValidateFunction {
  let validate = signValidators.get(generator);
  if (!validate) {
    const schema = SIGN_SCHEMAS[generator];
    if (!schema) throw new Error(`no sign schema for generator "${generator}"`);
    validate = compileTaskSchema(schema);
    signValidators.set(generator, validate);
  }
  return validate;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function definitionProblems(task: TaskDefinition, fileStem: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (task.id !== fileStem) problems.push({ path: '/id', message: `must match the file name "${fileStem}" (got "${task.id}")` });
  const metricIds = task.metrics.map((m) => m.id);
  if (!metricIds.includes(task.primaryMetric)) {
    problems.push({ path: '/primaryMetric', message: `"${task.primaryMetric}" is not listed in metrics (${metricIds.join(', ')})` });
  }
  metricIds.forEach((id, k) => {
    if (metricIds.indexOf(id) !== k) problems.push({ path: `/metrics/${k}/id`, message: `metric "${id}" is listed twice` });
  });
  task.labels.forEach((label, k) => {
    if (task.labels.indexOf(label) !== k) problems.push({ path: `/labels/${k}`, message: `label "${label}" is listed twice` });
  });
  if (task.output === 'binary' && task.labels.length !== 2) {
    problems.push({ path: '/labels', message: `a binary task has exactly 2 labels (got ${task.labels.length})` });
  }
  const synthetic = task.source.startsWith('synthetic:');
  if (synthetic && task.source !== `synthetic:${task.id}`) {
    problems.push({ path: '/source', message: `a synthetic source names its own task: "synthetic:${task.id}" (got "${task.source}")` });
  }
  if (synthetic && task.phantom === undefined) problems.push({ path: '/source', message: 'a synthetic source needs a phantom section' });
  return problems;
}

function labelCountRule(phantom: TaskPhantom): number | undefined {
  if (phantom.generator === 'knee-radiograph') return 5;
  if (phantom.generator === 'knee-prognosis') return phantom.signs.outcome === 'tkr' ? 2 : 5;
  return 2;
}

function phantomProblems(task: TaskDefinition, phantom: TaskPhantom): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const xray = XRAY_GENERATORS.has(phantom.generator);
  if ((xray ? 'xray' : 'mri') !== task.modality) {
    problems.push({ path: '/phantom/generator', message: `generator "${phantom.generator}" makes ${xray ? 'radiographs' : 'MRI'}, but modality is ${task.modality}` });
  }
  if (phantom.prevalence.length !== task.labels.length) {
    problems.push({ path: '/phantom/prevalence', message: `needs one share per label (${task.labels.length}), got ${phantom.prevalence.length}` });
  } else if (Math.abs(sum(phantom.prevalence) - 1) > SUM_TOLERANCE) {
    problems.push({ path: '/phantom/prevalence', message: `shares must sum to 1 (got ${sum(phantom.prevalence)})` });
  }
  if (xray && phantom.planes !== undefined) problems.push({ path: '/phantom/planes', message: 'radiograph phantoms have no planes' });
  if (!xray && phantom.planes === undefined) problems.push({ path: '/phantom/planes', message: 'an MRI phantom needs planes (share of slices per plane)' });
  if (phantom.planes !== undefined && Math.abs(sum(Object.values(phantom.planes)) - 1) > SUM_TOLERANCE) {
    problems.push({ path: '/phantom/planes', message: `shares must sum to 1 (got ${sum(Object.values(phantom.planes))})` });
  }
  const validate = signValidator(phantom.generator);
  if (!validate(phantom.signs)) {
    problems.push(...(validate.errors ?? []).map((e) => problemFromAjv(e, '/phantom/signs')));
    return problems;
  }
  const expected = labelCountRule(phantom);
  if (expected !== undefined && expected !== task.labels.length) {
    problems.push({ path: '/labels', message: `generator "${phantom.generator}" produces ${expected} classes, but ${task.labels.length} labels are listed` });
  }
  for (const key of RANGE_KEYS) {
    const value = phantom.signs[key];
    if (Array.isArray(value) && value[0] > value[1]) {
      problems.push({ path: `/phantom/signs/${key}`, message: `a [min, max] range needs min ≤ max (got [${value.join(', ')}])` });
    }
  }
  const baseline = phantom.signs.baselinePrevalence;
  if (Array.isArray(baseline) && Math.abs(sum(baseline) - 1) > SUM_TOLERANCE) {
    problems.push({ path: '/phantom/signs/baselinePrevalence', message: `shares must sum to 1 (got ${sum(baseline)})` });
  }
  const finding = phantom.signs.finding;
  if (typeof finding === 'string' && MRI_FINDINGS[phantom.generator]?.includes(finding)) {
    const co = phantom.signs.coFindings;
    if (co !== undefined && typeof co === 'object' && !Array.isArray(co) && finding in co) {
      problems.push({ path: `/phantom/signs/coFindings/${finding}`, message: 'the task\'s own finding cannot also be a co-finding' });
    }
  }
  return problems;
}

/** Every cross-field problem of a schema-valid task. */
export function taskProblems(task: TaskDefinition, fileStem: string): FieldProblem[] {
  const problems = definitionProblems(task, fileStem);
  if (task.phantom !== undefined) problems.push(...phantomProblems(task, task.phantom));
  return problems;
}
