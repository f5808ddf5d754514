// Pixel parity with independent readers on every transfer syntax and photometric interpretation: stored values
// exactly as pydicom reads them (after dcmtk/gdcm decompression), modality values as pydicom's
// apply_modality_lut, display values as pydicom's apply_windowing and dcmtk's dcm2pnm.
import { describe, expect, it } from 'vitest';
import { readDicom, SUPPORTED_TRANSFER_SYNTAXES } from '../../runtime/dicom/index.ts';
import { DICOM_REFERENCE, fixturePath, storedValuesOf } from './dicom-reference.ts';

/** Largest absolute difference. */
function maxDifference(actual: ArrayLike<number>, expected: ArrayLike<number>, scale = 1): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] * scale - expected[i]));
  return worst;
}

describe('readDicom parity with pydicom / dcmtk / gdcm', () => {
  it('covers every supported transfer syntax and both photometric interpretations', () => {
    const syntaxes = new Set(DICOM_REFERENCE.files.map((f) => f.transferSyntax));
    for (const syntax of SUPPORTED_TRANSFER_SYNTAXES) expect(syntaxes, syntax.name).toContain(syntax.uid);
    const photometrics = new Set(DICOM_REFERENCE.files.map((f) => f.photometric));
    expect([...photometrics].sort()).toEqual(['MONOCHROME1', 'MONOCHROME2']);
  });

  for (const reference of DICOM_REFERENCE.files) {
    it(`${reference.file}: header and stored values match exactly`, () => {
      const image = readDicom(fixturePath(reference.file));
      const { meta } = image;
      expect(meta.transferSyntax).toBe(reference.transferSyntax);
      expect([meta.rows, meta.columns, meta.frames]).toEqual([reference.rows, reference.columns, reference.frames]);
      expect([meta.bitsAllocated, meta.bitsStored, meta.pixelRepresentation]).toEqual([reference.bitsAllocated, reference.bitsStored, reference.pixelRepresentation]);
      expect(meta.photometric).toBe(reference.photometric);
      expect([meta.rescaleSlope, meta.rescaleIntercept]).toEqual([reference.rescaleSlope, reference.rescaleIntercept]);
      expect(meta.windowCenter).toBe(reference.windowCenter);
      expect(meta.windowWidth).toBe(reference.windowWidth);
      expect(meta.voiLutFunction).toBe(reference.voiLutFunction);
      expect(meta.patientId).toBe(reference.patientId);
      expect(image.frames).toHaveLength(reference.frames);
      storedValuesOf(reference).forEach((expected, f) => expect(Array.from(image.frames[f])).toEqual(expected));
    });
  }
});

describe('modality and display values (base files)', () => {
  const baseFiles = DICOM_REFERENCE.files.filter((f) => f.displayFrame0 !== undefined);

  for (const reference of baseFiles) {
    it(`${reference.file}: modality LUT equals pydicom's apply_modality_lut (exact after float32 rounding)`, () => {
      const modality = readDicom(fixturePath(reference.file)).toModality(0);
      expect(Array.from(modality)).toEqual(reference.modalityFrame0?.map((v) => Math.fround(v)));
    });

    it(`${reference.file}: display values equal pydicom's windowing in [0, 1] to 1e-6`, () => {
      const display = readDicom(fixturePath(reference.file)).toDisplay(0);
      expect(maxDifference(display, reference.displayFrame0 ?? [])).toBeLessThan(1e-6);
    });

    const modalityIsInteger = reference.modalityFrame0?.every(Number.isInteger) ?? false;
    if (reference.dcmtkDisplay16Frame0 && modalityIsInteger) {
      // dcm2pnm truncates to integer output levels, so agreement is within one level of 65535.
      it(`${reference.file}: 16-bit display within 1 level of dcmtk's dcm2pnm`, () => {
        const display = readDicom(fixturePath(reference.file)).toDisplay(0);
        expect(maxDifference(display, reference.dcmtkDisplay16Frame0 ?? [], 65535)).toBeLessThanOrEqual(1.01);
      });
    }
  }

  it('a window override replaces the file window (pydicom with the same window)', () => {
    const { file, center, width, displayFrame0 } = DICOM_REFERENCE.windowOverride;
    const display = readDicom(fixturePath(file)).toDisplay(0, { center, width });
    expect(maxDifference(display, displayFrame0)).toBeLessThan(1e-6);
  });

  it('MONOCHROME1 is the inverse of the same pixels shown as MONOCHROME2', () => {
    const mono1 = readDicom(fixturePath('u8-mono1.dcm')).toDisplay(0);
    const mono2 = readDicom(fixturePath('u8-mono2.dcm'));
    const minMax2 = mono2.toDisplay(0, { center: 128, width: 256 });
    // u8 has 0 and 255 in its corners, so min–max is the window 128/256 shown inverted.
    expect(maxDifference(mono1.map((v) => 1 - v), minMax2)).toBeLessThan(1e-6);
  });

  it('accepts bytes already in memory and names them in errors', async () => {
    const { readFileSync } = await import('node:fs');
    const image = readDicom(readFileSync(fixturePath('u8-mono2-jpegls.dcm')), 'upload.dcm');
    expect(image.file).toBe('upload.dcm');
    expect(() => readDicom(new Uint8Array(10), 'upload.dcm')).toThrow(/^upload\.dcm: /);
  });
});
