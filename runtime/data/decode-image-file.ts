// Decodes one image file into its frames as [0, 1] grayscale: PNG (one frame), DICOM (every frame, modality
// LUT then the spec's or the file's window, MONOCHROME1 inverted) and .npy slice stacks. A file that cannot be
// decoded throws DecodeError with the problem in words, for the bad-input policy to report or skip.
import { extname } from 'node:path';
import { DicomError } from '../dicom/dicom-error.ts';
import type { DisplayWindow } from '../dicom/pixel-transforms.ts';
import { readDicom } from '../dicom/read-dicom.ts';
import { decodeNpyStack, NpyError } from './npy-stack.ts';
import { decodeGrayPng, PngError, type GrayImage } from './png.ts';

export type ImageKind = 'png' | 'dicom' | 'npy';

/** Bumped when decoding changes, so cached frames of the old decoder are not reused. */
export const DECODER_VERSION = 'decode/1';

export class DecodeError extends Error {
  constructor(readonly file: string, readonly detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'DecodeError';
  }
}

const DICM_OFFSET = 128;

export function imageKindOf(file: string, bytes?: Uint8Array): ImageKind | undefined {
  const extension = extname(file).toLowerCase();
  if (extension === '.png') return 'png';
  if (extension === '.dcm' || extension === '.dicom') return 'dicom';
  if (extension === '.npy') return 'npy';
  const marker = bytes?.subarray(DICM_OFFSET, DICM_OFFSET + 4);
  if (extension === '' && marker && String.fromCharCode(...marker) === 'DICM') return 'dicom';
  return undefined;
}

export interface DecodeOptions {
  /** DICOM VOI window; absent uses each file's window, else min–max. */
  window?: DisplayWindow;
}

export function decodeImageFile(bytes: Uint8Array, file: string, options: DecodeOptions = {}): GrayImage[] {
  const kind = imageKindOf(file, bytes);
  try {
    switch (kind) {
      case 'png':
        return [decodeGrayPng(bytes, file)];
      case 'npy':
        return decodeNpyStack(bytes, file);
      case 'dicom': {
        const image = readDicom(bytes, file);
        return image.frames.map((frame) => ({ pixels: image.toDisplay(frame, options.window), width: image.meta.columns, height: image.meta.rows }));
      }
      default:
        throw new DecodeError(file, `unsupported image type "${extname(file) || 'no extension'}" (PNG, DICOM or .npy expected)`);
    }
  } catch (error) {
    if (error instanceof DicomError || error instanceof NpyError) throw new DecodeError(file, error.detail);
    if (error instanceof PngError) throw new DecodeError(file, error.message.slice(file.length + 2));
    throw error;
  }
}
