// The raw bytes of a DICOM Part 10 file (PS3.10 §7.1): the "DICM" marker after the 128-byte preamble (in memory,
// or read from the head of a file on disk), and dicom-parser's inflater hook for Deflated Explicit VR LE.
import { closeSync, openSync, readSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

export const PREAMBLE_BYTES = 128;

export function hasPart10Preamble(bytes: Uint8Array): boolean {
  const magic = bytes.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + 4);
  return magic.length === 4 && String.fromCharCode(...magic) === 'DICM';
}

/** hasPart10Preamble of a file on disk, reading only its first 132 bytes (folders are scanned with it). */
export function fileHasPart10Preamble(file: string): boolean {
  const head = new Uint8Array(PREAMBLE_BYTES + 4);
  const fd = openSync(file, 'r');
  try {
    return hasPart10Preamble(head.subarray(0, readSync(fd, head, 0, head.length, 0)));
  } finally {
    closeSync(fd);
  }
}

/** The meta header kept as is and everything after `position` inflated: the data set is raw deflate (PS3.5 §A.5). */
export function inflateAfter(bytes: Uint8Array, position: number): Uint8Array {
  const inflated = inflateRawSync(bytes.subarray(position));
  const whole = new Uint8Array(position + inflated.length);
  whole.set(bytes.subarray(0, position));
  whole.set(inflated, position);
  return whole;
}
