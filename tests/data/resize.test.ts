import { describe, expect, it } from 'vitest';
import { centreCropSquare, resizeGray, toSquare } from '../../runtime/data/resize.ts';

const image = (values: number[], width: number, height: number) => ({ pixels: Float32Array.from(values), width, height });
const approx = (actual: Float32Array, expected: number[]): void => {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((e, i) => expect(actual[i]).toBeCloseTo(e, 6));
};

describe('resizeGray (hand-computed; conventions of OpenCV INTER_AREA and bilinear with half-pixel centres)', () => {
  it('shrinks by area averaging, including fractional footprints', () => {
    const four = image([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], 4, 4);
    approx(resizeGray(four, 2, 2).pixels, [3.5, 5.5, 11.5, 13.5]);
    // 3 → 2: output 0 covers [0, 1.5) → (0 + ½·3) / 1.5 = 1; output 1 covers [1.5, 3) → (½·3 + 6) / 1.5 = 5.
    approx(resizeGray(image([0, 3, 6], 3, 1), 2, 1).pixels, [1, 5]);
  });

  it('enlarges bilinearly with half-pixel centres (align_corners = false)', () => {
    approx(resizeGray(image([0, 1], 2, 1), 4, 1).pixels, [0, 0.25, 0.75, 1]);
    approx(resizeGray(image([0, 1, 2, 3], 2, 2), 4, 4).pixels.slice(4, 8), [0.5, 0.75, 1.25, 1.5]);
  });

  it('keeps the mean when shrinking by an integer factor, and is the identity at the same size', () => {
    const values = Array.from({ length: 36 }, (_, i) => (i * 7) % 11);
    const small = resizeGray(image(values, 6, 6), 3, 3).pixels;
    expect(small.reduce((a, b) => a + b, 0) / 9).toBeCloseTo(values.reduce((a, b) => a + b, 0) / 36, 5);
    const same = image(values, 6, 6);
    expect(resizeGray(same, 6, 6)).toBe(same);
  });

  it('centre-crops non-square images before resizing', () => {
    const wide = image([1, 2, 3, 4, 5, 6, 7, 8], 4, 2);
    expect(Array.from(centreCropSquare(wide).pixels)).toEqual([2, 3, 6, 7]);
    const tall = image([1, 2, 3, 4, 5, 6], 1, 6);
    // Side 1, first row ⌊(6 − 1) / 2⌋ = 2.
    approx(toSquare(tall, 1).pixels, [3]);
  });
});
