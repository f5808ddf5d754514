// The Part 10 writer: its committed sample reads back in pydicom and dcmtk as written (values recorded by
// generate_dicom_fixtures.py), encoding is reproducible byte for byte, and round trips through readDicom.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeDicom, grayImageToDicom, readDicom } from '../../runtime/dicom/index.ts';
import { formatDecimalString } from '../../runtime/dicom/explicit-vr-elements.ts';
import { isValidUid } from '../../runtime/dicom/dicom-uid.ts';
import { DICOM_WRITER_SAMPLE_IDENTITY, dicomWriterSampleImage } from '../../scripts/fixtures/write-dicom-sample.ts';
import { DICOM_REFERENCE, fixturePath } from './dicom-reference.ts';

describe('writeDicom / encodeDicom', () => {
  const reference = DICOM_REFERENCE.writer;
  const committed = readFileSync(fixturePath(reference.file));

  it('re-encodes the committed sample byte for byte (deterministic UIDs, no timestamps)', () => {
    const bytes = encodeDicom(grayImageToDicom(dicomWriterSampleImage(), DICOM_WRITER_SAMPLE_IDENTITY));
    expect(Buffer.from(bytes).equals(committed)).toBe(true);
  });

  it('is read by pydicom and dcmtk as what was written', () => {
    expect(reference.transferSyntax).toBe('1.2.840.10008.1.2.1');
    expect(reference.sopClassUid).toBe('1.2.840.10008.5.1.4.1.1.7');
    expect([reference.rows, reference.columns, reference.frames]).toEqual([24, 32, 1]);
    expect([reference.windowCenter, reference.windowWidth]).toEqual([32768, 65536]);
    expect([reference.bitsStored, reference.pixelRepresentation, reference.photometric, reference.modality]).toEqual([16, 0, 'MONOCHROME2', 'DX']);
    expect(reference.patientId).toBe('PHANTOM-0001');
    for (const uid of [reference.sopInstanceUid, reference.studyUid, reference.seriesUid]) expect(isValidUid(uid)).toBe(true);
    const image = dicomWriterSampleImage();
    expect(reference.stored).toEqual(Array.from(image.pixels, (x) => Math.round(Math.min(1, Math.max(0, x)) * 65535)));
    // The full-range window shows stored v as v / 65535, so pydicom's display equals the [0, 1] image.
    reference.displayFrame0.forEach((v, i) => expect(Math.abs(v - reference.stored[i] / 65535)).toBeLessThan(1e-6));
    reference.dcmtkDisplay16Frame0.forEach((v, i) => expect(Math.abs(v - reference.stored[i])).toBeLessThanOrEqual(1));
  });

  it('round-trips 8-bit, signed 12-in-16-bit with rescale, MONOCHROME1 and multi-frame images', () => {
    const signed = Int16Array.from({ length: 12 }, (_, i) => (i - 6) * 341);
    const bytes = encodeDicom({
      rows: 3, columns: 4, frames: [signed, signed.map((v) => -v)], bitsStored: 12, photometric: 'MONOCHROME1',
      rescaleSlope: 0.5, rescaleIntercept: -7.25, window: { center: 10.5, width: 300 }, patientId: 'P1', modality: 'MR', instanceNumber: 3,
    });
    const image = readDicom(bytes, 'round-trip.dcm');
    expect(image.meta).toMatchObject({
      rows: 3, columns: 4, frames: 2, bitsAllocated: 16, bitsStored: 12, highBit: 11, pixelRepresentation: 1,
      photometric: 'MONOCHROME1', rescaleSlope: 0.5, rescaleIntercept: -7.25, windowCenter: 10.5, windowWidth: 300,
      patientId: 'P1', modality: 'MR', instanceNumber: 3,
    });
    expect(Array.from(image.frames[0])).toEqual(Array.from(signed));
    expect(Array.from(image.frames[1])).toEqual(Array.from(signed.map((v) => -v)));
    const eight = readDicom(encodeDicom({ rows: 1, columns: 3, frames: [Uint8Array.from([0, 128, 255])] }));
    expect([eight.meta.bitsAllocated, Array.from(eight.frames[0])]).toEqual([8, [0, 128, 255]]);
  });

  it('pads odd-length 8-bit pixel data and text to even length', () => {
    const bytes = encodeDicom({ rows: 1, columns: 3, frames: [Uint8Array.from([1, 2, 3])], patientId: 'ODD' });
    expect(bytes.length % 2).toBe(0);
    expect(readDicom(bytes).meta.patientId).toBe('ODD');
  });

  it('rejects values that do not fit Bits Stored, and mismatched frames', () => {
    expect(() => encodeDicom({ rows: 1, columns: 1, frames: [Uint16Array.from([4096])], bitsStored: 12 })).toThrow(/4096 does not fit in 12 unsigned bits/);
    expect(() => encodeDicom({ rows: 2, columns: 2, frames: [new Uint16Array(3)] })).toThrow(/4 values/);
    expect(() => encodeDicom({ rows: 1, columns: 1, frames: [new Uint16Array(1)], studyUid: '1.02.3' })).toThrow(/not a valid UID/);
  });

  it('formats decimal strings within 16 characters', () => {
    expect(formatDecimalString(32768)).toBe('32768');
    expect(formatDecimalString(-7.25)).toBe('-7.25');
    expect(formatDecimalString(1 / 3).length).toBeLessThanOrEqual(16);
    expect(Number(formatDecimalString(1 / 3))).toBeCloseTo(1 / 3, 12);
    expect(formatDecimalString(1.5e-300).length).toBeLessThanOrEqual(16);
  });
});
