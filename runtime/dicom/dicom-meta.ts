// Reads the image attributes of a parsed data set (PS3.3 C.7.6.3 Image Pixel, C.11.1 Modality LUT, C.11.2 VOI
// LUT) and checks that they describe a grayscale image this reader can decode; anything else is refused by name.
import type { DataSet } from 'dicom-parser';
import { DicomError } from './dicom-error.ts';
import type { TransferSyntax } from './transfer-syntax.ts';

export type Photometric = 'MONOCHROME1' | 'MONOCHROME2';
export type VoiLutFunction = 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID';

export interface DicomMeta {
  transferSyntax: string;
  transferSyntaxName: string;
  rows: number;
  columns: number;
  frames: number;
  bitsAllocated: 8 | 16;
  bitsStored: number;
  highBit: number;
  pixelRepresentation: 0 | 1;
  photometric: Photometric;
  rescaleSlope: number;
  rescaleIntercept: number;
  /** First value of Window Center / Width; absent when the file has none (or an unusable width < 1). */
  windowCenter?: number;
  windowWidth?: number;
  voiLutFunction: VoiLutFunction;
  patientId?: string;
  studyUid?: string;
  seriesUid?: string;
  sopInstanceUid?: string;
  modality?: string;
  instanceNumber?: number;
  /** Row spacing, column spacing in mm (Pixel Spacing). */
  pixelSpacing?: [number, number];
}

const TAG = {
  samplesPerPixel: 'x00280002',
  photometric: 'x00280004',
  frames: 'x00280008',
  rows: 'x00280010',
  columns: 'x00280011',
  pixelSpacing: 'x00280030',
  bitsAllocated: 'x00280100',
  bitsStored: 'x00280101',
  highBit: 'x00280102',
  pixelRepresentation: 'x00280103',
  windowCenter: 'x00281050',
  windowWidth: 'x00281051',
  rescaleIntercept: 'x00281052',
  rescaleSlope: 'x00281053',
  voiLutFunction: 'x00281056',
  modalityLutSequence: 'x00283000',
  patientId: 'x00100020',
  studyUid: 'x0020000d',
  seriesUid: 'x0020000e',
  sopInstanceUid: 'x00080018',
  modality: 'x00080060',
  instanceNumber: 'x00200013',
} as const;

function optional<T>(key: string, value: T | undefined): Record<string, T> {
  return value === undefined || value === '' ? {} : { [key]: value };
}

function finiteOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) ? value : fallback;
}

function readWindow(dataSet: DataSet): { windowCenter?: number; windowWidth?: number } {
  const center = dataSet.floatString(TAG.windowCenter, 0);
  const width = dataSet.floatString(TAG.windowWidth, 0);
  if (center === undefined || width === undefined || !Number.isFinite(center) || !(width >= 1)) return {};
  return { windowCenter: center, windowWidth: width };
}

function readVoiLutFunction(dataSet: DataSet): VoiLutFunction {
  const value = dataSet.string(TAG.voiLutFunction)?.trim().toUpperCase();
  return value === 'LINEAR_EXACT' || value === 'SIGMOID' ? value : 'LINEAR';
}

function readPixelSpacing(dataSet: DataSet): [number, number] | undefined {
  const row = dataSet.floatString(TAG.pixelSpacing, 0);
  const column = dataSet.floatString(TAG.pixelSpacing, 1);
  return row !== undefined && column !== undefined && row > 0 && column > 0 ? [row, column] : undefined;
}

/** Image Pixel attributes that must be present and within what the decoders handle. */
function readPixelLayout(dataSet: DataSet, file: string) {
  const refuse = (detail: string): never => {
    throw new DicomError(file, 'unsupported-image', detail);
  };
  const required = (name: keyof typeof TAG): number => {
    const value = dataSet.uint16(TAG[name]);
    if (value === undefined) throw new DicomError(file, 'corrupt', `missing ${name} (${TAG[name].slice(1)}); is this an image?`);
    return value;
  };
  const rows = required('rows');
  const columns = required('columns');
  const bitsAllocated = required('bitsAllocated');
  const bitsStored = dataSet.uint16(TAG.bitsStored) ?? bitsAllocated;
  const highBit = dataSet.uint16(TAG.highBit) ?? bitsStored - 1;
  const pixelRepresentation = dataSet.uint16(TAG.pixelRepresentation) ?? 0;
  const samplesPerPixel = dataSet.uint16(TAG.samplesPerPixel) ?? 1;
  const photometric = dataSet.string(TAG.photometric)?.trim().toUpperCase() ?? '';
  const frames = Math.round(finiteOr(dataSet.intString(TAG.frames), 1));
  if (rows === 0 || columns === 0) refuse(`image has no pixels (${rows}×${columns})`);
  if (samplesPerPixel !== 1 || (photometric !== 'MONOCHROME1' && photometric !== 'MONOCHROME2')) {
    refuse(`only grayscale images are supported (Photometric Interpretation ${photometric || 'missing'}, ${samplesPerPixel} sample(s) per pixel)`);
  }
  if (bitsAllocated !== 8 && bitsAllocated !== 16) refuse(`Bits Allocated ${bitsAllocated} is not supported (8 or 16)`);
  if (bitsStored < 1 || bitsStored > bitsAllocated || highBit < bitsStored - 1 || highBit >= bitsAllocated) {
    refuse(`inconsistent Bits Stored ${bitsStored} / High Bit ${highBit} for Bits Allocated ${bitsAllocated}`);
  }
  if (pixelRepresentation !== 0 && pixelRepresentation !== 1) refuse(`Pixel Representation ${pixelRepresentation} is not 0 or 1`);
  if (!(frames >= 1)) refuse(`Number of Frames ${frames} is not a positive integer`);
  if (dataSet.elements[TAG.modalityLutSequence] !== undefined) refuse('a Modality LUT Sequence (non-linear modality LUT) is not supported');
  return {
    rows, columns, frames, bitsAllocated: bitsAllocated as 8 | 16, bitsStored, highBit,
    pixelRepresentation: pixelRepresentation as 0 | 1, photometric: photometric as Photometric,
  };
}

export function readDicomMeta(dataSet: DataSet, syntax: TransferSyntax, file: string): DicomMeta {
  const layout = readPixelLayout(dataSet, file);
  const slope = finiteOr(dataSet.floatString(TAG.rescaleSlope, 0), 1);
  return {
    transferSyntax: syntax.uid,
    transferSyntaxName: syntax.name,
    ...layout,
    // A zero slope would erase the image; files that carry one mean "no rescale".
    rescaleSlope: slope === 0 ? 1 : slope,
    rescaleIntercept: finiteOr(dataSet.floatString(TAG.rescaleIntercept, 0), 0),
    ...readWindow(dataSet),
    voiLutFunction: readVoiLutFunction(dataSet),
    ...optional('patientId', dataSet.string(TAG.patientId)),
    ...optional('studyUid', dataSet.string(TAG.studyUid)),
    ...optional('seriesUid', dataSet.string(TAG.seriesUid)),
    ...optional('sopInstanceUid', dataSet.string(TAG.sopInstanceUid)),
    ...optional('modality', dataSet.string(TAG.modality)),
    ...optional('instanceNumber', dataSet.intString(TAG.instanceNumber)),
    ...optional('pixelSpacing', readPixelSpacing(dataSet)),
  };
}
