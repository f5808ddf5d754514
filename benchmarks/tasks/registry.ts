// The task registry: strict lookups with did-you-mean, so a misspelt task id fails before anything runs.
import type { TaskDefinition } from './task.ts';
import { KL_GRADE } from './kl-grade.ts';

const TASKS: readonly TaskDefinition[] = [KL_GRADE];

export function listTasks(): readonly TaskDefinition[] {
  return TASKS;
}

export function tryGetTask(id: string): TaskDefinition | undefined {
  return TASKS.find((task) => task.id === id);
}

export function getTask(id: string): TaskDefinition {
  const task = tryGetTask(id);
  if (task) return task;
  const available = TASKS.map((t) => t.id).join(', ');
  throw new Error(`unknown task "${id}" (available: ${available})`);
}
