// What spec validation needs to know of the task registry: the task ids and each task's data source.
import { listTasks } from '../benchmarks/tasks/registry.ts';
import type { SemanticOptions } from '../dsl/setting-checks.ts';

export function taskOptions(): SemanticOptions {
  const tasks = listTasks();
  return { knownTasks: tasks.map((t) => t.id), taskSources: Object.fromEntries(tasks.map((t) => [t.id, t.source])) };
}
