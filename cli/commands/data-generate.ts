// `bench data generate <task>`: writes a task's synthetic phantoms into a folder as PNG + manifest.csv or as a
// DICOM study tree + labels.csv, ready to be a spec's data.source (runtime/data/write-task-files.ts does it).
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import pc from 'picocolors';
import { OutputFolderError, writeTaskPhantomFiles, type GeneratedDataset, type GeneratedFormat } from '../../runtime/data/write-task-files.ts';
import { UsageError } from '../exit-codes.ts';
import { integerFlag, phantomCommand, phantomSeedOption, phantomSizeOption, phantomTaskFlag } from './data-options.ts';

interface DataGenerateFlags {
  format: GeneratedFormat;
  out: string;
  patients: number;
  size: number;
  imagesPerPatient?: number;
  seed: number;
}

const EXAMPLES = `
Examples:
  $ bench data generate acl-tear --format dicom --out data/acl-dicom   DICOM study tree + labels.csv
  $ bench data generate kl-grade --format png --out data/kl --patients 100
  then, in a spec:  data: { source: data/acl-dicom }   (the layout is detected: data.format auto)`;

export async function dataGenerateCommand(taskId: string, flags: DataGenerateFlags): Promise<GeneratedDataset> {
  const task = phantomTaskFlag(taskId, 'generate');
  const options = { patients: flags.patients, imageSize: flags.size, seed: flags.seed, ...(flags.imagesPerPatient ? { imagesPerPatient: flags.imagesPerPatient } : {}) };
  let written: GeneratedDataset;
  try {
    written = writeTaskPhantomFiles(task.id, options, resolve(flags.out), flags.format);
  } catch (error) {
    if (error instanceof OutputFolderError || error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
  const what = `${written.images} ${flags.format.toUpperCase()} images, ${written.exams} exams, ${written.patients} patients`;
  process.stdout.write(`${pc.green('wrote')} ${written.folder}: ${what}; labels in ${written.labelsFile}\n`);
  process.stdout.write(`use it with  data: { source: ${JSON.stringify(flags.out)} }  and  tasks: [${task.id}]\n`);
  return written;
}

export function registerDataGenerate(program: Command): void {
  phantomCommand(program, 'generate', "write a task's synthetic phantoms as a data set: PNG + manifest.csv, or a DICOM study tree + labels.csv")
    .addOption(new Option('--format <format>', 'image format').choices(['png', 'dicom']).default('png'))
    .requiredOption('--out <dir>', 'output folder (new or empty)')
    .option('--patients <n>', 'patients', integerFlag('--patients', 1), 40)
    .addOption(phantomSizeOption())
    .option('--images-per-patient <n>', "radiographs per patient or slices per exam (default: the task's)", integerFlag('--images-per-patient', 1))
    .addOption(phantomSeedOption())
    .addHelpText('after', EXAMPLES)
    .action(async (task: string, flags: DataGenerateFlags) => {
      await dataGenerateCommand(task, flags);
    });
}
