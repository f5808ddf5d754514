// Terminal tables (cli-table3). Colours only on a TTY: cli-table3 emits ANSI codes even when piped unless
// its style colours are emptied.
import Table from 'cli-table3';
import pc from 'picocolors';
import type { TableData } from '../reports/results-table.ts';

export function renderTable(table: TableData, stream: NodeJS.WriteStream = process.stdout): string {
  const tty = Boolean(stream.isTTY);
  const t = new Table({
    head: table.head,
    style: tty ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] },
  });
  for (const row of table.rows) t.push(row);
  const title = tty ? pc.bold(table.title) : table.title;
  return `${title}\n${t.toString()}\n`;
}
