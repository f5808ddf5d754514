// Loads a labelled image set through its manifest — a user's folder or a materialised synthetic set alike —
// as square [0, 1] grayscale images of one size (centre crop, then area-average / bilinear resize). PNG and
// single-frame DICOM (.dcm: modality LUT, the file's window or min–max, MONOCHROME1 inverted) are read.
import { extname } from 'node:path';
import { readDicomGray } from '../dicom/gray-image-dicom.ts';
import { readManifest } from './manifest.ts';
import { readGrayPng, type GrayImage } from './png.ts';
import { toSquare } from './resize.ts';

export interface LabelledImage {
  path: string;
  label: number;
  patientId: string;
  modality: string;
  split?: string;
  /** imageSize × imageSize, row-major, in [0, 1]. */
  pixels: Float32Array;
}

export interface LabelledImageSet {
  samples: LabelledImage[];
  imageSize: number;
  /** The manifest that was read. */
  manifest: string;
}

const READERS: Readonly<Record<string, (file: string) => GrayImage>> = { '.png': readGrayPng, '.dcm': (file) => readDicomGray(file) };

export function loadLabelledImages(manifestPathOrFolder: string, imageSize: number, numClasses: number): LabelledImageSet {
  if (!Number.isInteger(imageSize) || imageSize < 1) throw new RangeError(`imageSize must be a positive integer (got ${imageSize})`);
  const manifest = readManifest(manifestPathOrFolder, { numClasses });
  const samples = manifest.rows.map((row) => {
    const extension = extname(row.resolvedPath).toLowerCase();
    const read = READERS[extension];
    if (!read) {
      throw new Error(`${manifest.file}:${row.line}: cannot read "${row.path}": only PNG and DICOM (.dcm) images are supported (got ${extension || 'no extension'})`);
    }
    const image = toSquare(read(row.resolvedPath), imageSize);
    const { path, label, patientId, modality, split } = row;
    return { path, label, patientId, modality, ...(split !== undefined ? { split } : {}), pixels: image.pixels };
  });
  return { samples, imageSize, manifest: manifest.file };
}
