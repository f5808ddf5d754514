// Hand-computed values of the modality LUT and the VOI window functions of PS3.3 C.11.2.1.2–3, stored-value
// masking (PS3.5 §8.1.1) and MONOCHROME1 inversion.
import { describe, expect, it } from 'vitest';
import { checkWindow, minMaxWindow, toDisplayValues, toModalityValues } from '../../runtime/dicom/pixel-transforms.ts';
import { toStoredValues } from '../../runtime/dicom/stored-values.ts';
import type { DicomMeta } from '../../runtime/dicom/index.ts';

type DisplayMeta = Pick<DicomMeta, 'windowCenter' | 'windowWidth' | 'voiLutFunction' | 'photometric'>;
const MONO2: DisplayMeta = { voiLutFunction: 'LINEAR', photometric: 'MONOCHROME2' };

function display(values: number[], meta: DisplayMeta, center?: number, width?: number, fn?: 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID'): number[] {
  const window = center === undefined || width === undefined ? undefined : { center, width, function: fn };
  return Array.from(toDisplayValues(Float32Array.from(values), meta, window));
}

describe('stored values (PS3.5 §8.1.1)', () => {
  it('masks to Bits Stored and sign-extends at its top bit', () => {
    const signed12 = { bitsStored: 12, highBit: 11, pixelRepresentation: 1 as const };
    expect(Array.from(toStoredValues([0x0fff, 0xf800, 0x07ff, 0x0000, 0xf001], signed12))).toEqual([-1, -2048, 2047, 0, 1]);
    const unsigned12 = { bitsStored: 12, highBit: 11, pixelRepresentation: 0 as const };
    expect(Array.from(toStoredValues([0xffff, 0x0800], unsigned12))).toEqual([4095, 2048]);
  });

  it('honours a High Bit above Bits Stored − 1 (bits aligned to the top of the cell)', () => {
    expect(Array.from(toStoredValues([0xfff0, 0x8000], { bitsStored: 12, highBit: 15, pixelRepresentation: 0 }))).toEqual([4095, 2048]);
    expect(Array.from(toStoredValues([0xfff0, 0x8000], { bitsStored: 12, highBit: 15, pixelRepresentation: 1 }))).toEqual([-1, -2048]);
  });

  it('16-bit signed and 8-bit unsigned cells', () => {
    expect(Array.from(toStoredValues([0x8000, 0x7fff, 0xffff], { bitsStored: 16, highBit: 15, pixelRepresentation: 1 }))).toEqual([-32768, 32767, -1]);
    expect(Array.from(toStoredValues([0, 255], { bitsStored: 8, highBit: 7, pixelRepresentation: 0 }))).toEqual([0, 255]);
  });
});

describe('modality LUT', () => {
  it('is slope · stored + intercept', () => {
    const out = toModalityValues(Int32Array.from([-1024, 0, 3]), { rescaleSlope: 2.5, rescaleIntercept: -1024 });
    expect(Array.from(out)).toEqual([-3584, -1024, -1016.5]);
  });
});

describe('VOI window functions onto [0, 1]', () => {
  it('LINEAR, c = 10, w = 5: 0 at or below 7.5, 1 above 11.5, (x − 9.5)/4 + 0.5 between', () => {
    expect(display([7, 7.5, 8, 10, 11, 11.5, 12], MONO2, 10, 5)).toEqual([0, 0, 0.125, 0.625, 0.875, 1, 1]);
  });

  it('LINEAR with width 1 is a threshold at center − 0.5', () => {
    expect(display([4, 4.5, 5], MONO2, 5, 1)).toEqual([0, 0, 1]);
  });

  it('LINEAR, c = 2048, w = 4096 maps 0..4095 onto [0, 1] exactly at the ends', () => {
    const [low, mid, high] = display([0, 2048, 4095], MONO2, 2048, 4096);
    expect([low, high]).toEqual([0, 1]);
    expect(mid).toBeCloseTo(0.5 + 0.5 / 4095, 6);
  });

  it('LINEAR_EXACT, c = 10, w = 4', () => {
    expect(display([8, 9, 11, 12, 12.5], MONO2, 10, 4, 'LINEAR_EXACT')).toEqual([0, 0.25, 0.75, 1, 1]);
  });

  it('SIGMOID, c = 0, w = 4: 1 / (1 + e^(−4x/w))', () => {
    const [atCenter, atOne] = display([0, 1], MONO2, 0, 4, 'SIGMOID');
    expect(atCenter).toBe(0.5);
    expect(atOne).toBeCloseTo(0.7310585786, 7);
  });

  it("uses the file's window and function when there is no override", () => {
    expect(display([8, 9], { windowCenter: 10, windowWidth: 4, voiLutFunction: 'LINEAR_EXACT', photometric: 'MONOCHROME2' })).toEqual([0, 0.25]);
  });

  it('falls back to min–max without a window, and to 0 for a constant image', () => {
    expect(display([2, 4, 6], MONO2)).toEqual([0, 0.5, 1]);
    expect(display([3, 3], MONO2)).toEqual([0, 0]);
    expect(minMaxWindow(Float32Array.from([-100.5, 99.5]))).toEqual({ center: 0, width: 201, function: 'LINEAR' });
  });

  it('inverts MONOCHROME1 after the window', () => {
    expect(display([2, 4, 6], { ...MONO2, photometric: 'MONOCHROME1' })).toEqual([1, 0.5, 0]);
    expect(display([8, 10], { ...MONO2, photometric: 'MONOCHROME1' }, 10, 5)).toEqual([0.875, 0.375]);
  });

  it('rejects an unusable override window', () => {
    expect(() => checkWindow({ center: 0, width: 0.5 })).toThrow(/width ≥ 1 for LINEAR/);
    expect(() => checkWindow({ center: Number.NaN, width: 10 })).toThrow(RangeError);
    expect(() => checkWindow({ center: 0, width: 0.5, function: 'LINEAR_EXACT' })).not.toThrow();
  });
});
