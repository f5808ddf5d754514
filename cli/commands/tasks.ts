// `bench tasks`: the task registry as a table (built-in YAML definitions plus ORTHOBENCH_TASK_DIRS).
import { formatTaskList } from '../../benchmarks/tasks/format-task-list.ts';
import { renderTable } from '../table.ts';

export async function tasksCommand(opts: { json?: boolean }): Promise<void> {
  const table = formatTaskList();
  if (opts.json) {
    const rows = table.rows.map((row) => Object.fromEntries(table.head.map((h, i) => [h, row[i]])));
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  process.stdout.write(renderTable(table));
}
