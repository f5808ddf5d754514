// Writes grayscale images as DICOM Part 10 in Explicit VR Little Endian (PS3.10 §7: preamble, "DICM", meta
// group 0002 with its group length), as Secondary Capture with conversion type SYN (synthetic). Written here,
// not with dcmjs: its current release needs Node ≥ 22 and it ignores a plain-string transfer syntax in `_meta`.
import { createHash } from 'node:crypto';
import { writeFileAtomically } from './atomic-write.ts';
import type { Photometric } from './dicom-meta.ts';
import { isValidUid, uidFromLabel } from './dicom-uid.ts';
import { encodeElements, formatDecimalString, textElement, ulElement, usElement, type DicomElement } from './explicit-vr-elements.ts';

export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';
const MULTIFRAME_BYTE_SC = '1.2.840.10008.5.1.4.1.1.7.2';
const MULTIFRAME_WORD_SC = '1.2.840.10008.5.1.4.1.1.7.3';
const IMPLEMENTATION_CLASS_UID = uidFromLabel('orthobench dicom writer');
const IMPLEMENTATION_VERSION = 'ORTHOBENCH_1';

export interface DicomWriteInput {
  rows: number;
  columns: number;
  /** Stored values, one array per frame: Uint8Array → 8-bit, Uint16Array → 16-bit, Int16Array → signed 16-bit. */
  frames: Array<Uint8Array | Uint16Array | Int16Array>;
  /** Default: all allocated bits. */
  bitsStored?: number;
  /** Default MONOCHROME2. */
  photometric?: Photometric;
  rescaleSlope?: number;
  rescaleIntercept?: number;
  window?: { center: number; width: number };
  patientId?: string;
  /** UIDs default to ones derived from the patient and pixel content, so the output is reproducible. */
  studyUid?: string;
  seriesUid?: string;
  sopInstanceUid?: string;
  /** Default 'OT'. */
  modality?: string;
  instanceNumber?: number;
}

interface PixelFormat {
  bitsAllocated: 8 | 16;
  bitsStored: number;
  signed: boolean;
}

function pixelFormat(input: DicomWriteInput): PixelFormat {
  const { rows, columns, frames } = input;
  if (!Number.isInteger(rows) || !Number.isInteger(columns) || rows < 1 || columns < 1 || rows > 0xffff || columns > 0xffff) {
    throw new RangeError(`rows and columns must be integers in 1..65535 (got ${rows}×${columns})`);
  }
  if (frames.length === 0) throw new RangeError('at least one frame is needed');
  const kind = frames[0].constructor;
  if (frames.some((f) => f.constructor !== kind || f.length !== rows * columns)) {
    throw new RangeError(`every frame must be the same array type with ${rows * columns} values`);
  }
  const bitsAllocated = frames[0] instanceof Uint8Array ? 8 : 16;
  const bitsStored = input.bitsStored ?? bitsAllocated;
  if (!Number.isInteger(bitsStored) || bitsStored < 1 || bitsStored > bitsAllocated) {
    throw new RangeError(`bitsStored must be in 1..${bitsAllocated} (got ${bitsStored})`);
  }
  const signed = frames[0] instanceof Int16Array;
  const [min, max] = signed ? [-(2 ** (bitsStored - 1)), 2 ** (bitsStored - 1) - 1] : [0, 2 ** bitsStored - 1];
  for (const frame of frames) {
    for (const v of frame) if (v < min || v > max) throw new RangeError(`value ${v} does not fit in ${bitsStored} ${signed ? 'signed' : 'unsigned'} bits`);
  }
  return { bitsAllocated, bitsStored, signed };
}

/** Pixel cells little-endian, frames end to end; bits above Bits Stored are left as the sign extension. */
function pixelBytes(frames: DicomWriteInput['frames']): Uint8Array {
  const parts = frames.map((f) => new Uint8Array(f.buffer, f.byteOffset, f.byteLength));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  // Typed arrays are in platform order; every platform Node supports here is little-endian, checked once.
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('big-endian platform: pixel bytes would need swapping');
  return out;
}

function checkedUid(uid: string | undefined, label: string, name: string): string {
  const value = uid ?? uidFromLabel(label);
  if (!isValidUid(value)) throw new RangeError(`${name} "${value}" is not a valid UID`);
  return value;
}

function metaHeader(sopClass: string, sopInstance: string): Uint8Array {
  const elements: DicomElement[] = [
    { group: 0x0002, element: 0x0001, vr: 'OB', value: new Uint8Array([0x00, 0x01]) },
    textElement(0x0002, 0x0002, 'UI', sopClass),
    textElement(0x0002, 0x0003, 'UI', sopInstance),
    textElement(0x0002, 0x0010, 'UI', EXPLICIT_VR_LITTLE_ENDIAN),
    textElement(0x0002, 0x0012, 'UI', IMPLEMENTATION_CLASS_UID),
    textElement(0x0002, 0x0013, 'SH', IMPLEMENTATION_VERSION),
  ];
  const body = encodeElements(elements);
  return encodeElements([ulElement(0x0002, 0x0000, body.length), ...elements]);
}

export function encodeDicom(input: DicomWriteInput): Uint8Array {
  const format = pixelFormat(input);
  const pixels = pixelBytes(input.frames);
  const patientId = input.patientId ?? '';
  const contentHash = createHash('sha256').update(pixels).update(`${patientId}\0${input.instanceNumber ?? ''}`).digest('hex');
  const multiFrame = input.frames.length > 1;
  const sopClass = !multiFrame ? SECONDARY_CAPTURE : format.bitsAllocated === 8 ? MULTIFRAME_BYTE_SC : MULTIFRAME_WORD_SC;
  const sopInstance = checkedUid(input.sopInstanceUid, `instance:${contentHash}`, 'sopInstanceUid');
  const elements: DicomElement[] = [
    textElement(0x0008, 0x0016, 'UI', sopClass),
    textElement(0x0008, 0x0018, 'UI', sopInstance),
    textElement(0x0008, 0x0060, 'CS', input.modality ?? 'OT'),
    textElement(0x0008, 0x0064, 'CS', 'SYN'),
    textElement(0x0010, 0x0010, 'PN', ''),
    textElement(0x0010, 0x0020, 'LO', patientId),
    textElement(0x0020, 0x000d, 'UI', checkedUid(input.studyUid, `study:${patientId}`, 'studyUid')),
    textElement(0x0020, 0x000e, 'UI', checkedUid(input.seriesUid, `series:${patientId}`, 'seriesUid')),
    usElement(0x0028, 0x0002, 1),
    textElement(0x0028, 0x0004, 'CS', input.photometric ?? 'MONOCHROME2'),
    usElement(0x0028, 0x0010, input.rows),
    usElement(0x0028, 0x0011, input.columns),
    usElement(0x0028, 0x0100, format.bitsAllocated),
    usElement(0x0028, 0x0101, format.bitsStored),
    usElement(0x0028, 0x0102, format.bitsStored - 1),
    usElement(0x0028, 0x0103, format.signed ? 1 : 0),
    textElement(0x0028, 0x1052, 'DS', formatDecimalString(input.rescaleIntercept ?? 0)),
    textElement(0x0028, 0x1053, 'DS', formatDecimalString(input.rescaleSlope ?? 1)),
    { group: 0x7fe0, element: 0x0010, vr: format.bitsAllocated === 8 ? 'OB' : 'OW', value: pixels },
  ];
  if (input.instanceNumber !== undefined) elements.push(textElement(0x0020, 0x0013, 'IS', String(Math.trunc(input.instanceNumber))));
  if (multiFrame) elements.push(textElement(0x0028, 0x0008, 'IS', String(input.frames.length)));
  if (input.window) {
    elements.push(textElement(0x0028, 0x1050, 'DS', formatDecimalString(input.window.center)));
    elements.push(textElement(0x0028, 0x1051, 'DS', formatDecimalString(input.window.width)));
  }
  const meta = metaHeader(sopClass, sopInstance);
  const body = encodeElements(elements);
  const out = new Uint8Array(128 + 4 + meta.length + body.length);
  out.set(new TextEncoder().encode('DICM'), 128);
  out.set(meta, 132);
  out.set(body, 132 + meta.length);
  return out;
}

export function writeDicom(file: string, input: DicomWriteInput): void {
  writeFileAtomically(file, encodeDicom(input));
}
