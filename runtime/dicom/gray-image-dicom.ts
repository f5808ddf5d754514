// Bridges the data layer's [0, 1] grayscale images and DICOM: a phantom written as 16-bit DICOM whose window
// (center 32768, width 65536, PS3.3 C.11.2.1.2) shows it exactly as the 16-bit PNG does, and a DICOM file
// read back as a GrayImage for the loader.
import type { GrayImage } from '../data/png.ts';
import { DicomError } from './dicom-error.ts';
import type { DisplayWindow } from './pixel-transforms.ts';
import { readDicom } from './read-dicom.ts';
import type { DicomWriteInput } from './write-dicom.ts';

/** With the LINEAR function this window maps stored v to v / 65535: (v − 32767.5) / 65535 + 0.5. */
export const FULL_RANGE_16BIT_WINDOW = { center: 32768, width: 65536 } as const;

export interface DicomIdentity {
  patientId: string;
  modality?: string;
  instanceNumber?: number;
  studyUid?: string;
  seriesUid?: string;
}

/** Quantises like encodeGrayPng (clamp to [0, 1], round to 65535 levels, NaN → 0). */
export function grayImageToDicom(image: GrayImage, identity: DicomIdentity): DicomWriteInput {
  const { pixels, width, height } = image;
  if (pixels.length !== width * height) throw new RangeError(`pixel count ${pixels.length} does not match ${width}×${height}`);
  const stored = new Uint16Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) {
    const x = pixels[i];
    stored[i] = Math.round((x > 0 ? (x < 1 ? x : 1) : 0) * 65535);
  }
  return { rows: height, columns: width, frames: [stored], window: FULL_RANGE_16BIT_WINDOW, ...identity };
}

/** A single-frame DICOM file as [0, 1] display values (the file's window unless `window` overrides it). */
export function readDicomGray(file: string, window?: DisplayWindow): GrayImage {
  const image = readDicom(file);
  if (image.meta.frames !== 1) {
    throw new DicomError(file, 'unsupported-image', `has ${image.meta.frames} frames; one image per manifest row is expected (convert it with \`bench data convert\` first)`);
  }
  return { pixels: image.toDisplay(0, window), width: image.meta.columns, height: image.meta.rows };
}
