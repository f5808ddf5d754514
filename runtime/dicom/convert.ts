// `bench data convert`, the paper's DICOM → PNG step: modality LUT, VOI window (the override, else the file's,
// else min–max), MONOCHROME1 inverted, written as 16-bit grayscale PNG; or with `raw`, the modality values
// before windowing as float32 .npy. A folder in gives a folder out with the same relative layout.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { encodeGrayPng } from '../data/png.ts';
import { writeFileAtomically } from './atomic-write.ts';
import { DicomError, type DicomProblem } from './dicom-error.ts';
import { findDicomFiles } from './dicom-files.ts';
import { encodeNpyFloat32 } from './npy.ts';
import { checkWindow, type DisplayWindow } from './pixel-transforms.ts';
import { readDicom, type DicomImage } from './read-dicom.ts';

export type ConvertFormat = 'png' | 'npy';
export type ConvertErrorMode = 'fail' | 'skip';

export interface ConvertProgress {
  done: number;
  total: number;
  /** The file just finished (empty in the first call, made before any file). */
  file: string;
}

export interface ConvertOptions {
  /** Float32 .npy of modality values, before windowing. */
  raw?: boolean;
  /** Replaces the file's window (PNG output only). */
  window?: DisplayWindow;
  /** fail (default): stop at the first bad file; skip: leave it out and list it in the report. */
  onError?: ConvertErrorMode;
  onProgress?: (progress: ConvertProgress) => void;
}

export interface SkippedFile {
  file: string;
  problem: DicomProblem;
  message: string;
}

export interface ConvertReport {
  /** Input files converted. */
  converted: number;
  /** Every file written (a multi-frame image gives one PNG per frame). */
  written: string[];
  skipped: SkippedFile[];
}

/** Wrong arguments (format, flags), as opposed to a bad input file. */
export class ConvertUsageError extends Error {}

function formatOfOutput(output: string): ConvertFormat {
  const extension = extname(output).toLowerCase();
  if (extension === '.png' || extension === '.npy') return extension === '.png' ? 'png' : 'npy';
  throw new ConvertUsageError(`output ${output} must end in .png or .npy (or be a folder)`);
}

function checkOptions(format: ConvertFormat, options: ConvertOptions): void {
  if (options.raw && format === 'png') throw new ConvertUsageError('--raw writes float32 .npy (values before windowing); give an .npy output');
  if (options.window && format === 'npy') throw new ConvertUsageError('a window applies to PNG output; .npy holds the values before windowing');
  if (options.window) {
    try {
      checkWindow(options.window);
    } catch (error) {
      throw new ConvertUsageError((error as Error).message);
    }
  }
}

function frameFileName(output: string, frame: number, frames: number): string {
  if (frames === 1) return output;
  const extension = extname(output);
  return `${output.slice(0, -extension.length)}-frame${String(frame).padStart(String(frames - 1).length, '0')}${extension}`;
}

function writeImage(image: DicomImage, output: string, format: ConvertFormat, window: DisplayWindow | undefined): string[] {
  const { rows, columns, frames } = image.meta;
  mkdirSync(dirname(output), { recursive: true });
  if (format === 'npy') {
    const values = new Float32Array(frames * rows * columns);
    image.frames.forEach((frame, f) => values.set(image.toModality(frame), f * rows * columns));
    writeFileAtomically(output, encodeNpyFloat32(values, frames === 1 ? [rows, columns] : [frames, rows, columns]));
    return [output];
  }
  return image.frames.map((frame, f) => {
    const file = frameFileName(output, f, frames);
    writeFileAtomically(file, encodeGrayPng({ pixels: image.toDisplay(frame, window), width: columns, height: rows }, 16));
    return file;
  });
}

/** One file to one output (.png or .npy by its extension); returns the files written. */
export function convertDicomFile(input: string, output: string, options: ConvertOptions = {}): string[] {
  const format = formatOfOutput(output);
  checkOptions(format, options);
  return writeImage(readDicom(input), output, format, options.window);
}

function isFolderTarget(output: string): boolean {
  return output.endsWith('/') || (existsSync(output) && statSync(output).isDirectory());
}

/** Every DICOM file under `inputFolder` to `outputFolder`, keeping relative paths; PNG unless `raw`. */
export function convertDicomFolder(inputFolder: string, outputFolder: string, options: ConvertOptions = {}): ConvertReport {
  const format: ConvertFormat = options.raw ? 'npy' : 'png';
  checkOptions(format, options);
  const files = findDicomFiles(inputFolder);
  const report: ConvertReport = { converted: 0, written: [], skipped: [] };
  options.onProgress?.({ done: 0, total: files.length, file: '' });
  files.forEach((relativePath, index) => {
    const stem = basename(relativePath, extname(relativePath));
    const output = join(outputFolder, dirname(relativePath), `${stem}.${format}`);
    try {
      report.written.push(...writeImage(readDicom(join(inputFolder, relativePath)), output, format, options.window));
      report.converted++;
    } catch (error) {
      if (!(error instanceof DicomError) || options.onError !== 'skip') throw error;
      report.skipped.push({ file: error.file, problem: error.problem, message: error.message });
    }
    options.onProgress?.({ done: index + 1, total: files.length, file: relativePath });
  });
  return report;
}

/** A file or a folder; a file into an existing folder (or one named with a trailing slash) keeps its name. */
export function convertDicom(input: string, output: string, options: ConvertOptions = {}): ConvertReport {
  if (!existsSync(input)) throw new DicomError(input, 'missing-file', 'file or folder not found');
  if (statSync(input).isDirectory()) return convertDicomFolder(input, output, options);
  const target = isFolderTarget(output) ? join(output, `${basename(input, extname(input))}.${options.raw ? 'npy' : 'png'}`) : output;
  options.onProgress?.({ done: 0, total: 1, file: '' });
  const written = convertDicomFile(input, target, options);
  options.onProgress?.({ done: 1, total: 1, file: input });
  return { converted: 1, written, skipped: [] };
}
