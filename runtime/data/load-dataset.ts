// Loads a labelled image set through its manifest alone — a user's folder or a materialised synthetic set alike —
// as square [0, 1] grayscale images of one size (centre crop, then area-average / bilinear resize). PNG, DICOM
// (modality LUT, the spec's or the file's window or min–max, MONOCHROME1 inverted; `file#n` for frame n) and .npy
// stacks are read. The runner goes through labelled-dataset.ts, which adds the other layouts and data-set checks.
import type { DisplayWindow } from '../dicom/pixel-transforms.ts';
import { InvalidInputs, type OnInvalid } from './invalid-inputs.ts';
import { loadSamples } from './load-samples.ts';
import { readManifest } from './manifest.ts';
import { PreprocessCache } from './preprocess-cache.ts';
import type { SkippedInput } from './sample-ref.ts';

export interface LabelledImage {
  path: string;
  label: number;
  patientId: string;
  modality: string;
  split?: string;
  /** The manifest's exam id, else the image's own path. */
  examId: string;
  view?: string;
  /** imageSize × imageSize, row-major, in [0, 1]. */
  pixels: Float32Array;
}

export interface LabelledImageSet {
  samples: LabelledImage[];
  imageSize: number;
  /** The manifest that was read. */
  manifest: string;
  skipped: SkippedInput[];
}

export interface LoadLabelledImagesOptions {
  window?: DisplayWindow;
  /** Preprocessing cache folder; absent: no cache. */
  cacheDir?: string;
  onInvalid?: OnInvalid;
  labelNames?: readonly string[];
}

export function loadLabelledImages(manifestPathOrFolder: string, imageSize: number, numClasses: number, options: LoadLabelledImagesOptions = {}): LabelledImageSet {
  if (!Number.isInteger(imageSize) || imageSize < 1) throw new RangeError(`imageSize must be a positive integer (got ${imageSize})`);
  const invalid = new InvalidInputs(options.onInvalid ?? 'fail');
  const manifest = readManifest(manifestPathOrFolder, { numClasses, labelNames: options.labelNames, onInvalid: invalid.policy });
  invalid.skipped.push(...manifest.skipped);
  const refs = manifest.rows.map((row) => ({ ...row, examId: row.examId ?? row.path, listedIn: manifest.file }));
  const loaded = loadSamples(refs, { imageSize, invalid, cache: new PreprocessCache(options.cacheDir), ...(options.window ? { window: options.window } : {}) });
  invalid.throwIfFailed();
  const samples = loaded.map(({ path, label, patientId, modality, split, examId, view, pixels }) => ({
    path, label, patientId, modality, ...(split !== undefined ? { split } : {}), examId, ...(view !== undefined ? { view } : {}), pixels,
  }));
  return { samples, imageSize, manifest: manifest.file, skipped: invalid.skipped };
}
