// The rows `bench tasks` prints: one per registered task, in the shape of the CLI's TableData
// ({ title, head, rows }), so the command only renders it.
import type { TaskDefinition } from './task.ts';
import { listTasks } from './registry.ts';

export interface TaskListTable {
  title: string;
  head: string[];
  rows: string[][];
}

function percent(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

/** Positive share of a binary task, or the class shares of a multi-class one, as the phantom draws them. */
function prevalenceText(task: TaskDefinition): string {
  const p = task.phantom?.prevalence;
  if (p === undefined) return '–';
  return task.output === 'binary' ? percent(p[1]) : p.map(percent).join(' / ');
}

export function formatTaskList(tasks: readonly TaskDefinition[] = listTasks()): TaskListTable {
  return {
    title: `${tasks.length} task${tasks.length === 1 ? '' : 's'}`,
    head: ['id', 'v', 'title', 'modality', 'anatomy', 'output', 'classes', 'primary', 'unit', 'phantom prevalence', 'label noise'],
    rows: tasks.map((t) => [
      t.id,
      String(t.version),
      t.title,
      t.modality,
      t.anatomy,
      t.output,
      String(t.labels.length),
      t.primaryMetric,
      t.unit,
      prevalenceText(t),
      t.phantom ? percent(t.phantom.labelNoise) : '–',
    ]),
  };
}
