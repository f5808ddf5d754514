// Encodes data elements in Explicit VR Little Endian (PS3.5 §7.1.2): tag, VR, a 16-bit length (or, for OB/OW/
// UN/UT/SQ, two reserved bytes and a 32-bit length), then the value padded to even length (UI with NUL, text
// with a space, binary with zero).

export type Vr = 'AE' | 'CS' | 'DS' | 'IS' | 'LO' | 'PN' | 'SH' | 'UI' | 'US' | 'UL' | 'OB' | 'OW';

export interface DicomElement {
  group: number;
  element: number;
  vr: Vr;
  value: Uint8Array;
}

const LONG_LENGTH_VRS = new Set<Vr>(['OB', 'OW']);
const TEXT_VRS = new Set<Vr>(['AE', 'CS', 'DS', 'IS', 'LO', 'PN', 'SH']);

function padToEven(value: Uint8Array, vr: Vr): Uint8Array {
  if (value.length % 2 === 0) return value;
  const padded = new Uint8Array(value.length + 1);
  padded.set(value);
  padded[value.length] = TEXT_VRS.has(vr) ? 0x20 : 0x00;
  return padded;
}

export function textElement(group: number, element: number, vr: Vr, text: string): DicomElement {
  return { group, element, vr, value: new TextEncoder().encode(text) };
}

export function usElement(group: number, element: number, value: number): DicomElement {
  const bytes = new Uint8Array(2);
  new DataView(bytes.buffer).setUint16(0, value, true);
  return { group, element, vr: 'US', value: bytes };
}

export function ulElement(group: number, element: number, value: number): DicomElement {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value, true);
  return { group, element, vr: 'UL', value: bytes };
}

/** A Decimal String of at most 16 characters (PS3.5 §6.2), using the fewest significant digits that fit. */
export function formatDecimalString(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`DS value must be finite (got ${value})`);
  const plain = String(value);
  if (plain.length <= 16) return plain;
  for (let digits = 15; digits >= 1; digits--) {
    const text = String(Number(value.toPrecision(digits)));
    if (text.length <= 16) return text;
  }
  throw new RangeError(`cannot write ${value} as a 16-character decimal string`);
}

export function encodedLength(element: DicomElement): number {
  const header = LONG_LENGTH_VRS.has(element.vr) ? 12 : 8;
  return header + padToEven(element.value, element.vr).length;
}

export function encodeElements(elements: readonly DicomElement[]): Uint8Array {
  const sorted = [...elements].sort((a, b) => a.group - b.group || a.element - b.element);
  const out = new Uint8Array(sorted.reduce((sum, e) => sum + encodedLength(e), 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const e of sorted) {
    const value = padToEven(e.value, e.vr);
    view.setUint16(at, e.group, true);
    view.setUint16(at + 2, e.element, true);
    out[at + 4] = e.vr.charCodeAt(0);
    out[at + 5] = e.vr.charCodeAt(1);
    if (LONG_LENGTH_VRS.has(e.vr)) {
      view.setUint32(at + 8, value.length, true);
      at += 12;
    } else {
      if (value.length > 0xffff) throw new RangeError(`(${e.group.toString(16)},${e.element.toString(16)}) is too long for VR ${e.vr}`);
      view.setUint16(at + 6, value.length, true);
      at += 8;
    }
    out.set(value, at);
    at += value.length;
  }
  return out;
}
