// The .npy slice-stack reader against files written by numpy's np.save (scripts/fixtures/generate_npy_fixtures.py):
// each array is a formula of (slice, row, column), restated here; integer types scale by their range, floats
// min–max per stack. Tolerance: float32 rounding of the scaled value (1e-6).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeNpyStack, NpyError, readNpySliceCount } from '../../runtime/data/npy-stack.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/npy/', import.meta.url));
const bytesOf = (name: string): Uint8Array => readFileSync(`${FIXTURES}${name}`);
const index = (s: number, y: number, x: number): number => s * 64 + y * 8 + x;

function expectStack(name: string, [slices, rows, columns]: number[], expected: (s: number, y: number, x: number) => number): void {
  const stack = decodeNpyStack(bytesOf(name), name);
  expect(stack).toHaveLength(slices);
  stack.forEach((image, s) => {
    expect([image.height, image.width]).toEqual([rows, columns]);
    for (let y = 0; y < rows; y++) for (let x = 0; x < columns; x++) expect(image.pixels[y * columns + x]).toBeCloseTo(expected(s, y, x), 6);
  });
}

describe('decodeNpyStack (numpy-written files)', () => {
  it('uint8 stacks map 0..255 to [0, 1], as MRNet stacks are read', () => {
    expectStack('u8-stack.npy', [3, 8, 8], (s, y, x) => ((index(s, y, x) * 3) % 256) / 255);
  });

  it('uint16 stacks map 0..65535 to [0, 1]', () => {
    expectStack('u16-stack.npy', [2, 4, 4], (s, y, x) => (index(s, y, x) * 700) / 65535);
  });

  it('float64 stacks are min–max scaled over the whole stack', () => {
    const value = (s: number, y: number, x: number): number => index(s, y, x) * 0.25 - 5.5;
    const [low, high] = [value(0, 0, 0), value(1, 3, 3)];
    expectStack('f8-stack.npy', [2, 4, 4], (s, y, x) => (value(s, y, x) - low) / (high - low));
  });

  it('a 2-D array is a single image', () => {
    expectStack('f4-image.npy', [1, 4, 6], (_, y, x) => (index(0, y, x) * 0.5) / (index(0, 3, 5) * 0.5));
  });

  it('counts slices from the header alone', () => {
    expect(readNpySliceCount(`${FIXTURES}u8-stack.npy`)).toBe(3);
    expect(readNpySliceCount(`${FIXTURES}f4-image.npy`)).toBe(1);
    expect(readNpySliceCount(`${FIXTURES}nowhere.npy`)).toBe('file not found');
  });

  it('refuses Fortran order, truncated data, unknown dtypes and non-npy bytes by name', () => {
    const refuse = (bytes: Uint8Array, message: RegExp): void => {
      expect(() => decodeNpyStack(bytes, 'x.npy')).toThrow(NpyError);
      expect(() => decodeNpyStack(bytes, 'x.npy')).toThrow(message);
    };
    refuse(bytesOf('u8-fortran.npy'), /^x\.npy: Fortran-ordered/);
    const stack = bytesOf('u8-stack.npy');
    refuse(stack.subarray(0, stack.length - 10), /holds 182 bytes, need 192 \(truncated\?\)/);
    refuse(stack.subarray(0, 30), /file ends inside the \.npy header/);
    const complex = Uint8Array.from(stack);
    complex.set(Buffer.from("'<c8'", 'latin1'), Buffer.from(stack).indexOf("'|u1'"));
    refuse(complex, /unsupported dtype <c8/);
    refuse(new Uint8Array(64), /not a NumPy \.npy file/);
  });
});
