// The task registry: every YAML file in defs/ plus any extra folders (ORTHOBENCH_TASK_DIRS, path-delimited,
// or configureTaskRegistry), loaded and validated once; strict lookups with did-you-mean.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closestMatch, didYouMeanSuffix } from '../../dsl/did-you-mean.ts';
import type { TaskDefinition } from './task.ts';
import { TaskRegistryError, type TaskIssue } from './task-issues.ts';
import { loadTaskFile } from './load-task-file.ts';

export const BUILTIN_TASK_DIR = fileURLToPath(new URL('./defs/', import.meta.url));
export const TASK_DIRS_ENV = 'ORTHOBENCH_TASK_DIRS';

const TASK_FILE = /\.ya?ml$/i;

let configuredDirs: readonly string[] = [];
let cache: { key: string; tasks: readonly TaskDefinition[] } | undefined;

/** Adds folders of task files (besides defs/ and the environment's) and drops the loaded registry. */
export function configureTaskRegistry(options: { extraDirs?: readonly string[] } = {}): void {
  configuredDirs = (options.extraDirs ?? []).map((d) => resolve(d));
  cache = undefined;
}

export function taskDirs(): string[] {
  const fromEnv = (process.env[TASK_DIRS_ENV] ?? '').split(delimiter).filter((d) => d.trim() !== '').map((d) => resolve(d));
  return [BUILTIN_TASK_DIR, ...fromEnv, ...configuredDirs];
}

/** X-ray before MRI, the knee before other joints, then by id: the order `bench tasks` shows. */
function displayOrder(a: TaskDefinition, b: TaskDefinition): number {
  const rank = (t: TaskDefinition): string => `${t.modality === 'xray' ? 0 : 1}${t.anatomy === 'knee' ? 0 : 1}${t.anatomy}`;
  return rank(a).localeCompare(rank(b)) || a.id.localeCompare(b.id);
}

/** Loads every task file of `dirs`; throws one TaskRegistryError listing all problems in all files. */
export function loadTaskDefinitions(dirs: readonly string[]): TaskDefinition[] {
  const issues: TaskIssue[] = [];
  const tasks = new Map<string, TaskDefinition>();
  for (const dir of dirs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      issues.push({ file: dir, path: '', message: `task folder not found (from ${dir === BUILTIN_TASK_DIR ? 'the package' : TASK_DIRS_ENV + ' or configureTaskRegistry'})` });
      continue;
    }
    for (const name of readdirSync(dir).filter((n) => TASK_FILE.test(n)).sort()) {
      const result = loadTaskFile(join(dir, name));
      if (result.task === undefined) {
        issues.push(...result.issues);
        continue;
      }
      const earlier = tasks.get(result.task.id);
      if (earlier) {
        issues.push({ file: join(dir, name), path: '/id', message: `task "${result.task.id}" is already defined in ${earlier.file}` });
        continue;
      }
      tasks.set(result.task.id, result.task);
    }
  }
  if (issues.length > 0) throw new TaskRegistryError(issues);
  return [...tasks.values()].sort(displayOrder);
}

export function listTasks(): readonly TaskDefinition[] {
  const dirs = taskDirs();
  const key = dirs.join(delimiter);
  if (cache?.key !== key) cache = { key, tasks: loadTaskDefinitions(dirs) };
  return cache.tasks;
}

export function tryGetTask(id: string): TaskDefinition | undefined {
  return listTasks().find((task) => task.id === id);
}

export function getTask(id: string): TaskDefinition {
  const task = tryGetTask(id);
  if (task) return task;
  const ids = listTasks().map((t) => t.id);
  throw new Error(`unknown task "${id}"${didYouMeanSuffix(closestMatch(id, ids))} (available: ${ids.join(', ')})`);
}
