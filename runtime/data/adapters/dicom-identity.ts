// Reads who and what a DICOM file shows — PatientID, StudyInstanceUID, series, instance, frames, modality —
// from its header alone (parsing stops at Pixel Data), so a study tree is indexed without decoding images.
import { readFileSync } from 'node:fs';
import dicomParser, { type DataSet } from 'dicom-parser';
import { describeThrown } from '../../dicom/dicom-error.ts';
import { hasPart10Preamble, inflateAfter } from '../../dicom/part10-bytes.ts';

export interface DicomIdentity {
  patientId?: string;
  studyUid?: string;
  seriesUid?: string;
  seriesDescription?: string;
  modality?: string;
  instanceNumber?: number;
  frames: number;
}

const DEFLATED = '1.2.840.10008.1.2.1.99';

function trimmed(dataSet: DataSet, tag: string): string | undefined {
  const value = dataSet.string(tag)?.trim();
  return value ? value : undefined;
}

/** The identity tags, or a sentence saying why the header cannot be read. */
export function readDicomIdentity(file: string): DicomIdentity | string {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return `cannot read file (${(error as NodeJS.ErrnoException).code ?? describeThrown(error)})`;
  }
  if (!hasPart10Preamble(bytes)) return 'not a DICOM Part 10 file (no "DICM" marker at byte 128)';
  let dataSet: DataSet;
  try {
    dataSet = dicomParser.parseDicom(bytes, {
      untilTag: 'x7fe00010',
      ...(dicomParser.readPart10Header(bytes).string('x00020010') === DEFLATED ? { inflater: inflateAfter } : {}),
    });
  } catch (error) {
    return `cannot parse the DICOM header: ${describeThrown(error)}`;
  }
  const frames = dataSet.intString('x00280008');
  const instance = dataSet.intString('x00200013');
  const identity: DicomIdentity = { frames: frames !== undefined && Number.isFinite(frames) && frames > 0 ? frames : 1 };
  const set = <K extends keyof DicomIdentity>(key: K, value: DicomIdentity[K] | undefined): void => {
    if (value !== undefined) identity[key] = value;
  };
  set('patientId', trimmed(dataSet, 'x00100020'));
  set('studyUid', trimmed(dataSet, 'x0020000d'));
  set('seriesUid', trimmed(dataSet, 'x0020000e'));
  set('seriesDescription', trimmed(dataSet, 'x0008103e'));
  set('modality', trimmed(dataSet, 'x00080060'));
  set('instanceNumber', instance !== undefined && Number.isFinite(instance) ? instance : undefined);
  return identity;
}

/** DICOM Modality (0008,0060) in the words manifests use. */
export function modalityName(dicomModality: string | undefined, fallback: string): string {
  if (dicomModality === undefined) return fallback;
  if (dicomModality === 'MR') return 'mri';
  if (['DX', 'CR', 'RG', 'DR', 'RF'].includes(dicomModality)) return 'xray';
  if (dicomModality === 'OT') return fallback;
  return dicomModality.toLowerCase();
}
