// Decodes the images behind a list of sample references into square [0, 1] frames of one size (centre crop,
// then area-average / bilinear resize), through the preprocessing cache, each file read once however many of
// its frames are listed. An unreadable file or a missing frame goes to the bad-input policy.
import { readFileSync } from 'node:fs';
import type { DisplayWindow } from '../dicom/pixel-transforms.ts';
import { DecodeError, decodeImageFile, DECODER_VERSION, type DecodeOptions } from './decode-image-file.ts';
import type { InputProblem, InvalidInputs } from './invalid-inputs.ts';
import type { GrayImage } from './png.ts';
import type { PreprocessCache } from './preprocess-cache.ts';
import { toSquare } from './resize.ts';
import type { SampleRef } from './sample-ref.ts';

export interface LoadedSample extends SampleRef {
  /** imageSize × imageSize, row-major, in [0, 1]. */
  pixels: Float32Array;
}

export interface LoadSamplesOptions {
  imageSize: number;
  window?: DisplayWindow;
  cache: PreprocessCache;
  invalid: InvalidInputs;
  /** Files done of total, after each file. */
  onProgress?: (done: number, total: number) => void;
  /** The decoder (tests pass a spy); default decodeImageFile. */
  decode?: (bytes: Uint8Array, file: string, options: DecodeOptions) => GrayImage[];
}

function problemAt(ref: SampleRef, reason: string, extra = ''): InputProblem {
  const path = ref.listedIn === undefined ? ref.resolvedPath : ref.path.replace(/#\d+$/, '');
  return { path, reason: reason + extra, ...(ref.listedIn !== undefined ? { listedIn: ref.listedIn } : {}), ...(ref.line !== undefined ? { line: ref.line } : {}) };
}

function readBytes(file: string): Uint8Array | string {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? (error as Error).message})`;
  }
}

function byFile(refs: readonly SampleRef[]): Map<string, SampleRef[]> {
  const groups = new Map<string, SampleRef[]>();
  for (const ref of refs) groups.set(ref.resolvedPath, [...(groups.get(ref.resolvedPath) ?? []), ref]);
  return groups;
}

/** The frame a reference names, or why it cannot be had. */
function frameOf(ref: SampleRef, frames: readonly Float32Array[]): Float32Array | string {
  if (ref.frame === undefined) {
    if (frames.length === 1) return frames[0];
    return `has ${frames.length} frames; name one per row as "${ref.path}#0" … "#${frames.length - 1}" (or convert it with \`bench data convert\`)`;
  }
  return ref.frame < frames.length ? frames[ref.frame] : `has no frame ${ref.frame} (${frames.length} frame(s))`;
}

export function loadSamples(refs: readonly SampleRef[], options: LoadSamplesOptions): LoadedSample[] {
  const { imageSize, window, cache, invalid } = options;
  if (!Number.isInteger(imageSize) || imageSize < 1) throw new RangeError(`imageSize must be a positive integer (got ${imageSize})`);
  const decode = options.decode ?? decodeImageFile;
  const params = { imageSize, ...(window ? { window } : {}), decoder: DECODER_VERSION };
  const groups = byFile(refs);
  const framesByFile = new Map<string, readonly Float32Array[]>();
  let done = 0;
  for (const [file, listed] of groups) {
    const bytes = readBytes(file);
    const more = listed.length > 1 ? ` (${listed.length} images listed)` : '';
    if (typeof bytes === 'string') {
      invalid.report(problemAt(listed[0], bytes, more));
    } else {
      try {
        framesByFile.set(file, cache.frames(bytes, params, () => decode(bytes, file, { window }).map((image) => toSquare(image, imageSize).pixels)));
      } catch (error) {
        if (!(error instanceof DecodeError)) throw error;
        invalid.report(problemAt(listed[0], error.detail, more));
      }
    }
    options.onProgress?.(++done, groups.size);
  }
  const samples: LoadedSample[] = [];
  for (const ref of refs) {
    const frames = framesByFile.get(ref.resolvedPath);
    if (!frames) continue;
    const pixels = frameOf(ref, frames);
    if (typeof pixels === 'string') invalid.report(problemAt(ref, pixels));
    else samples.push({ ...ref, pixels });
  }
  return samples;
}
