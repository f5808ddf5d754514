// `bench data preview <task>`: a PNG contact sheet of a task's synthetic phantoms, one row per class (the
// drawing lives in runtime/data/task-preview.ts; this file parses flags and reports).
import { resolve } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { writeTaskContactSheet } from '../../runtime/data/task-preview.ts';
import { integerFlag, phantomCommand, phantomSeedOption, phantomSizeOption, phantomTaskFlag } from './data-options.ts';

interface DataPreviewFlags {
  out?: string;
  perClass: number;
  size: number;
  tile?: number;
  seed: number;
}

const EXAMPLES = `
Examples:
  $ bench data preview kl-grade                          kl-grade-preview.png: 6 knees per KL grade
  $ bench data preview acl-tear --out acl.png --tile 128  each exam's key slice, magnified
  $ bench data preview meniscus-tear --per-class 10 --seed 3`;

export async function dataPreviewCommand(taskId: string, flags: DataPreviewFlags): Promise<string> {
  const task = phantomTaskFlag(taskId, 'preview');
  const out = resolve(flags.out ?? `${task.id}-preview.png`);
  const sheet = writeTaskContactSheet(task.id, out, { perClass: flags.perClass, imageSize: flags.size, seed: flags.seed, ...(flags.tile ? { tileSize: flags.tile } : {}) });
  process.stdout.write(`${pc.green('wrote')} ${out} (${sheet.width}×${sheet.height}: rows ${task.labels.join(', ')})\n`);
  return out;
}

export function registerDataPreview(program: Command): void {
  phantomCommand(program, 'preview', "PNG contact sheet of a task's synthetic phantoms, one row per class (true labels)")
    .option('--out <file.png>', 'output file (default <task>-preview.png)')
    .option('--per-class <n>', 'examples per class', integerFlag('--per-class', 1), 6)
    .addOption(phantomSizeOption())
    .option('--tile <px>', 'tile size in the sheet (default: --size)', integerFlag('--tile', 8))
    .addOption(phantomSeedOption())
    .addHelpText('after', EXAMPLES)
    .action(async (task: string, flags: DataPreviewFlags) => {
      await dataPreviewCommand(task, flags);
    });
}
