// Loads a task's labelled data set from any layout: adapter → sample references → decoded, resized frames (via
// the preprocessing cache) → data-set checks (every class present, one label and one patient per exam, no
// patient on both sides of a given split). Under data.onInvalid 'fail' every problem is reported at once;
// under 'skip' bad inputs are left out and listed in `skipped`.
import { describeLeak, findSplitLeaks, heldOutSplit, type HeldOutSplit } from '../../benchmarks/splits/held-out-split.ts';
import type { DisplayWindow } from '../dicom/pixel-transforms.ts';
import { readSourceRefs, type DataFormat, type TaskLabels } from './adapters/index.ts';
import type { DecodeOptions } from './decode-image-file.ts';
import { InvalidInputs, type OnInvalid } from './invalid-inputs.ts';
import { loadSamples, type LoadedSample } from './load-samples.ts';
import type { GrayImage } from './png.ts';
import { PreprocessCache, type CacheStats } from './preprocess-cache.ts';
import type { SampleRef, SkippedInput } from './sample-ref.ts';

export interface LabelledDatasetOptions {
  /** data.source: a path with optional "?key=value" adapter options. */
  source: string;
  format: DataFormat | 'auto';
  task: TaskLabels;
  imageSize: number;
  window?: DisplayWindow;
  onInvalid: OnInvalid;
  /** Folder of the preprocessing cache; absent: no cache. */
  cacheDir?: string;
  baseDir?: string;
  onProgress?: (done: number, total: number) => void;
  decode?: (bytes: Uint8Array, file: string, options: DecodeOptions) => GrayImage[];
}

export interface LabelledDataset {
  format: DataFormat;
  /** Absolute path of the manifest or folder. */
  root: string;
  /** The manifest or labels file the labels were read from. */
  labelsFile?: string;
  /** The column the labels were read from, when the layout has columns (a task-named column serves that task). */
  labelColumn?: string;
  samples: LoadedSample[];
  skipped: SkippedInput[];
  /** Present when the data set marks some samples "test". */
  heldOut?: HeldOutSplit;
  cache: CacheStats;
}

/** Where a sample was declared, for error messages: "manifest.csv:12", or the image file. */
export function sampleLocation(sample: SampleRef): string {
  if (sample.listedIn === undefined) return sample.resolvedPath;
  return sample.line === undefined ? `${sample.listedIn} (${sample.path})` : `${sample.listedIn}:${sample.line}`;
}

function checkExams(samples: readonly LoadedSample[], invalid: InvalidInputs, root: string): void {
  const first = new Map<string, LoadedSample>();
  for (const sample of samples) {
    const seen = first.get(sample.examId);
    if (!seen) first.set(sample.examId, sample);
    else if (seen.patientId !== sample.patientId || seen.label !== sample.label) {
      const what = seen.patientId !== sample.patientId ? `patients "${seen.patientId}" and "${sample.patientId}"` : `labels ${seen.label} and ${sample.label}`;
      invalid.fatal({ path: root, reason: `exam "${sample.examId}" has ${what} (${sampleLocation(seen)}, ${sampleLocation(sample)}); an exam has one patient and one label` });
      first.set(sample.examId, sample);
    }
  }
}

function checkClasses(samples: readonly LoadedSample[], task: TaskLabels, invalid: InvalidInputs, root: string): void {
  const counts = task.labels.map(() => 0);
  for (const sample of samples) counts[sample.label]++;
  counts.forEach((count, c) => {
    if (count > 0) return;
    const skipped = invalid.skipped.length ? ` (${invalid.skipped.length} input(s) were skipped)` : '';
    invalid.fatal({ path: root, reason: `class "${task.labels[c]}" (${c}) of ${task.id} has no image${skipped}: every class of the task needs examples` });
  });
}

export function loadLabelledDataset(options: LabelledDatasetOptions): LabelledDataset {
  const invalid = new InvalidInputs(options.onInvalid);
  const source = readSourceRefs({ source: options.source, format: options.format, task: options.task, invalid, ...(options.baseDir ? { baseDir: options.baseDir } : {}) });
  // Declarations first: a wrong label or id is reported before anything is decoded.
  invalid.throwIfFailed();
  const cache = new PreprocessCache(options.cacheDir);
  const samples = loadSamples(source.refs, {
    imageSize: options.imageSize, cache, invalid,
    ...(options.window ? { window: options.window } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.decode ? { decode: options.decode } : {}),
  });
  if (samples.length === 0 && !invalid.failed) invalid.fatal({ path: source.root, reason: 'the data set has no usable image' });
  checkClasses(samples, options.task, invalid, source.root);
  checkExams(samples, invalid, source.root);
  const splits = samples.map((s) => s.split);
  const groups = samples.map((s) => s.patientId);
  for (const leak of findSplitLeaks(splits, groups)) invalid.fatal({ path: source.root, reason: describeLeak(leak, (i) => sampleLocation(samples[i])) });
  invalid.throwIfFailed();
  const heldOut = heldOutSplit(splits, groups);
  return {
    format: source.format,
    root: source.root,
    ...(source.labelsFile ? { labelsFile: source.labelsFile } : {}),
    ...(source.labelColumn ? { labelColumn: source.labelColumn } : {}),
    samples,
    skipped: invalid.skipped,
    ...(heldOut ? { heldOut } : {}),
    cache: cache.stats,
  };
}
