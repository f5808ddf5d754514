// `bench data convert`: DICOM → 16-bit PNG (or float32 .npy with --raw), a file or a whole folder, with a
// progress bar. The logic lives in runtime/dicom/convert.ts; this file parses flags and reports.
import { Command, Option } from 'commander';
import pc from 'picocolors';
import { convertDicom, ConvertUsageError, DicomError, type ConvertErrorMode, type DisplayWindow } from '../../runtime/dicom/index.ts';
import { UsageError } from '../exit-codes.ts';
import { createProgressEvents } from '../progress.ts';
import { dataCommandGroup } from './data-options.ts';

interface DataConvertFlags {
  raw?: boolean;
  window?: string;
  onError: ConvertErrorMode;
  quiet?: boolean;
}

const EXAMPLES = `
Examples:
  $ bench data convert knee.dcm knee.png                  file's window (or min–max), 16-bit PNG
  $ bench data convert knee.dcm knee.png --window 2048,4096
  $ bench data convert knee.dcm knee.npy --raw            float32 modality values, no window
  $ bench data convert dicom/ png/ --on-error skip         a folder; unreadable files listed, not fatal`;

/** "center,width", e.g. "40,400". */
export function parseWindowFlag(text: string): DisplayWindow {
  const parts = text.split(',').map((p) => p.trim());
  const [center, width] = parts.map(Number);
  if (parts.length !== 2 || parts.some((p) => p === '') || !Number.isFinite(center) || !Number.isFinite(width) || width < 1) {
    throw new UsageError(`--window expects "center,width" with width ≥ 1, e.g. 40,400 (got "${text}")`);
  }
  return { center, width };
}

export async function dataConvertCommand(input: string, output: string, flags: DataConvertFlags): Promise<void> {
  const window = flags.window === undefined ? undefined : parseWindowFlag(flags.window);
  const events = createProgressEvents(process.stderr, flags.quiet);
  let started = false;
  try {
    const report = convertDicom(input, output, {
      raw: flags.raw,
      window,
      onError: flags.onError,
      onProgress: ({ done, total, file }) => {
        if (!started) events.stageStart('convert', total);
        started = true;
        events.stageTick(done, file ? { file } : undefined);
      },
    });
    events.stageEnd();
    for (const skipped of report.skipped) events.warn(`skipped ${skipped.message}`);
    const summary = `converted ${report.converted} file(s), wrote ${report.written.length}${report.skipped.length ? `, skipped ${report.skipped.length}` : ''}`;
    process.stdout.write(`${report.skipped.length ? pc.yellow(summary) : pc.green(summary)}\n`);
  } catch (error) {
    if (started) events.stageEnd();
    // A bad file or bad flag is bad input (exit 2); files already written stay.
    if (error instanceof DicomError || error instanceof ConvertUsageError) throw new UsageError(error.message);
    throw error;
  }
}

export function registerDataConvert(program: Command): void {
  dataCommandGroup(program)
    .command('convert')
    .description('DICOM → 16-bit grayscale PNG after the window (MONOCHROME1 inverted), or float32 .npy before windowing (--raw)')
    .argument('<input>', 'a DICOM file, or a folder searched recursively')
    .argument('<output>', 'out.png, out.npy, or a folder')
    .option('--raw', 'write float32 .npy of modality values (rescale applied, no window)')
    .option('--window <center,width>', "VOI window to use instead of the file's (PNG only)")
    .addOption(new Option('--on-error <mode>', 'on an unreadable file: fail, or skip it and list it').choices(['fail', 'skip']).default('fail'))
    .option('-q, --quiet', 'no progress output')
    .addHelpText('after', EXAMPLES)
    .action(async (input: string, output: string, flags: DataConvertFlags) => dataConvertCommand(input, output, flags));
}
