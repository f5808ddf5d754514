// Semantic rules JSON Schema cannot express, run on a resolved spec (defaults, profile, sweep point
// applied): schedules, label fractions, folds vs patients, task ids and the data source.
import { cropFindings } from './crop-checks.ts';
import { closestMatch, didYouMeanSuffix } from './did-you-mean.ts';
import type { Finding } from './finding.ts';
import { formatValue } from './finding.ts';
import { arrayAt, numberAt, stringAt } from './semantic-values.ts';
import { selectFindings } from './select-checks.ts';

export interface SemanticOptions {
  /** Task ids of the task registry; when given, unknown task ids are reported. */
  knownTasks?: readonly string[];
  /**
   * Each registered task's data source as its task file states it ("synthetic:<id>" when it has a phantom); when
   * given, a synthetic data.source with a task that has no phantom is reported before anything runs.
   */
  taskSources?: Readonly<Record<string, string>>;
}

export function semanticFindings(resolved: unknown, options: SemanticOptions = {}): Finding[] {
  return [
    ...cropFindings(resolved),
    ...scheduleFindings(resolved),
    ...labelFractionFindings(resolved),
    ...foldFindings(resolved),
    ...taskFindings(resolved, options.knownTasks),
    ...dataSourceFindings(resolved, options.knownTasks),
    ...phantomFindings(resolved, options.taskSources),
    ...duplicateFindings(resolved, '/eval/baselines', 'baseline'),
    ...selectFindings(resolved, options.knownTasks),
  ];
}

function scheduleFindings(resolved: unknown): Finding[] {
  const findings: Finding[] = [];
  const emaStart = numberAt(resolved, '/pretrain/ema/start');
  const emaEnd = numberAt(resolved, '/pretrain/ema/end');
  const schedule = stringAt(resolved, '/pretrain/ema/schedule');
  if (schedule !== 'constant' && emaStart !== undefined && emaEnd !== undefined && emaStart > emaEnd) {
    findings.push({ path: '/pretrain/ema/start', involves: ['/pretrain/ema/end'], message: `ema.start ${emaStart} must be <= ema.end ${emaEnd}` });
  }
  const lr = numberAt(resolved, '/pretrain/optimizer/lr');
  const minLr = numberAt(resolved, '/pretrain/optimizer/minLr');
  if (lr !== undefined && minLr !== undefined && minLr > lr) {
    findings.push({ path: '/pretrain/optimizer/minLr', involves: ['/pretrain/optimizer/lr'], message: `optimizer.minLr ${minLr} must be <= optimizer.lr ${lr}` });
  }
  return findings;
}

function labelFractionFindings(resolved: unknown): Finding[] {
  const path = '/eval/labelFractions';
  const fractions = arrayAt(resolved, path);
  if (fractions === undefined) return [];
  if (fractions.length === 0) return [{ path, message: 'must list at least one label fraction' }];
  const findings: Finding[] = [];
  fractions.forEach((fraction, index) => {
    if (typeof fraction === 'number' && !(fraction > 0 && fraction <= 1)) {
      findings.push({ path: `${path}/${index}`, message: `label fraction must be in (0, 1] (got ${fraction})` });
    }
  });
  return [...findings, ...duplicateFindings(resolved, path, 'label fraction')];
}

function foldFindings(resolved: unknown): Finding[] {
  const folds = numberAt(resolved, '/eval/folds');
  const patients = numberAt(resolved, '/data/synthetic/patients');
  const synthetic = stringAt(resolved, '/data/source')?.startsWith('synthetic:') ?? false;
  if (!synthetic || folds === undefined || patients === undefined || folds <= patients) return [];
  return [{
    path: '/eval/folds',
    involves: ['/data/synthetic/patients'],
    message: `eval.folds ${folds} exceeds data.synthetic.patients ${patients} (each fold needs its own patients)`,
  }];
}

function taskFindings(resolved: unknown, knownTasks: readonly string[] | undefined): Finding[] {
  const tasks = arrayAt(resolved, '/tasks');
  if (tasks === undefined) return [];
  if (tasks.length === 0) return [{ path: '/tasks', message: 'must list at least one task' }];
  const findings = duplicateFindings(resolved, '/tasks', 'task');
  if (knownTasks === undefined) return findings;
  tasks.forEach((task, index) => {
    if (typeof task === 'string' && !knownTasks.includes(task)) findings.push(unknownTask(`/tasks/${index}`, task, knownTasks, ''));
  });
  return findings;
}

const URL_SCHEME = /^([A-Za-z][A-Za-z0-9+.-]+):/; // two or more letters, so "C:\data" stays a path

function dataSourceFindings(resolved: unknown, knownTasks: readonly string[] | undefined): Finding[] {
  const path = '/data/source';
  const source = stringAt(resolved, path);
  if (source === undefined) return [];
  const expected = `must be "synthetic:<task>" or a path to a manifest or folder (got ${formatValue(source)})`;
  if (source.trim() === '') return [{ path, message: expected }];
  const scheme = URL_SCHEME.exec(source)?.[1];
  if (scheme === 'synthetic') {
    const task = source.slice('synthetic:'.length);
    if (task === '') return [{ path, message: `names no task: write "synthetic:<task>" (got ${formatValue(source)})` }];
    if (knownTasks !== undefined && !knownTasks.includes(task)) return [unknownTask(path, task, knownTasks, 'synthetic:')];
    return [];
  }
  if (scheme === undefined || scheme === 'file') return [];
  const suggestion = closestMatch(scheme, ['synthetic']) === undefined ? undefined : `synthetic:${source.slice(scheme.length + 1)}`;
  return [{ path, message: expected + didYouMeanSuffix(suggestion), suggestion }];
}

/** A synthetic data.source gives every task its own phantom, so each task must have one. */
function phantomFindings(resolved: unknown, taskSources: Readonly<Record<string, string>> | undefined): Finding[] {
  const source = stringAt(resolved, '/data/source');
  const tasks = arrayAt(resolved, '/tasks');
  if (taskSources === undefined || tasks === undefined || source === undefined || !source.startsWith('synthetic:')) return [];
  const findings: Finding[] = [];
  tasks.forEach((task, index) => {
    const own = typeof task === 'string' ? taskSources[task] : undefined;
    if (own === undefined || own.startsWith('synthetic:')) return;
    findings.push({
      path: `/tasks/${index}`,
      involves: ['/data/source'],
      message: `task "${task}" has no synthetic phantom, but data.source is ${formatValue(source)}, which gives every task its own phantom: set data.source to the task's dataset (its task file names ${formatValue(own)})`,
    });
  });
  return findings;
}

function unknownTask(path: string, task: string, knownTasks: readonly string[], prefix: string): Finding {
  const match = closestMatch(task, knownTasks);
  const suggestion = match === undefined ? undefined : prefix + match;
  return { path, message: `unknown task "${task}"${didYouMeanSuffix(suggestion)} (available: ${knownTasks.join(', ')})`, suggestion };
}

/** Reports the second and later occurrences of a repeated list value. */
function duplicateFindings(resolved: unknown, path: string, what: string): Finding[] {
  const values = arrayAt(resolved, path) ?? [];
  const findings: Finding[] = [];
  values.forEach((value, index) => {
    const first = values.indexOf(value);
    if (first !== index) findings.push({ path: `${path}/${index}`, message: `duplicate ${what} ${formatValue(value)} (also at index ${first})` });
  });
  return findings;
}
