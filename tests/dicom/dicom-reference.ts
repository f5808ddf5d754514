// Typed access to tests/fixtures/dicom-reference.json (made by scripts/fixtures/generate_dicom_fixtures.py
// with pydicom, dcmtk and gdcm) and the DICOM files beside it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DICOM_FIXTURES = fileURLToPath(new URL('../fixtures/dicom/', import.meta.url));

export interface ReferenceFile {
  file: string;
  transferSyntax: string;
  rows: number;
  columns: number;
  frames: number;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  photometric: string;
  rescaleSlope: number;
  rescaleIntercept: number;
  patientId: string;
  lossless: boolean;
  voiLutFunction: string;
  windowCenter?: number;
  windowWidth?: number;
  /** Absent when `storedSameAs` names an earlier file with identical values; use storedValuesOf(). */
  stored?: number[][];
  storedSameAs?: string;
  /** Base files only (the display pipeline does not depend on the transfer syntax). */
  modalityFrame0?: number[];
  displayFrame0?: number[];
  dcmtkDisplay16Frame0?: number[];
}

export interface DicomReference {
  tools: Record<string, string>;
  files: ReferenceFile[];
  bad: { unsupportedTransferSyntax: { file: string; transferSyntax: string } };
  writer: {
    file: string;
    transferSyntax: string;
    sopClassUid: string;
    sopInstanceUid: string;
    patientId: string;
    studyUid: string;
    seriesUid: string;
    rows: number;
    columns: number;
    frames: number;
    windowCenter: number;
    windowWidth: number;
    bitsStored: number;
    pixelRepresentation: number;
    photometric: string;
    modality: string;
    stored: number[];
    displayFrame0: number[];
    dcmtkDisplay16Frame0: number[];
  };
  npy: Record<string, number[]>;
  windowOverride: { file: string; center: number; width: number; displayFrame0: number[] };
}

export const DICOM_REFERENCE = JSON.parse(
  readFileSync(fileURLToPath(new URL('../fixtures/dicom-reference.json', import.meta.url)), 'utf8'),
) as DicomReference;

export function fixturePath(file: string): string {
  return `${DICOM_FIXTURES}${file}`;
}

export function referenceFile(file: string): ReferenceFile {
  const entry = DICOM_REFERENCE.files.find((f) => f.file === file);
  if (!entry) throw new Error(`no reference for ${file}`);
  return entry;
}

/** The stored values of a reference file, following `storedSameAs`. */
export function storedValuesOf(entry: ReferenceFile): number[][] {
  if (entry.stored) return entry.stored;
  if (!entry.storedSameAs) throw new Error(`${entry.file} has no stored values`);
  return storedValuesOf(referenceFile(entry.storedSameAs));
}
