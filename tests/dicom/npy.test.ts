// The NPY v1.0 writer against np.save (numpy 1.24) output committed by generate_dicom_fixtures.py: byte for byte.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeNpyFloat32 } from '../../runtime/dicom/npy.ts';
import { DICOM_REFERENCE, fixturePath } from './dicom-reference.ts';

/** The arrays the generator saved: (i · 0.5) − 100 in float32, and [a, −a, 2a] stacked. */
function referenceArrays(): { single: Float32Array; stack: Float32Array } {
  const [rows, columns] = DICOM_REFERENCE.npy['reference-2d.npy'];
  const n = rows * columns;
  const single = new Float32Array(n).map((_, i) => Math.fround(Math.fround(i) * 0.5) - 100);
  const stack = new Float32Array(3 * n);
  single.forEach((v, i) => {
    stack[i] = v;
    stack[n + i] = -v;
    stack[2 * n + i] = v * 2;
  });
  return { single, stack };
}

describe('encodeNpyFloat32', () => {
  it('writes the same bytes as np.save for 2-D and 3-D float32 arrays', () => {
    const { single, stack } = referenceArrays();
    const shape2d = DICOM_REFERENCE.npy['reference-2d.npy'];
    const shape3d = DICOM_REFERENCE.npy['reference-3d.npy'];
    expect(Buffer.from(encodeNpyFloat32(single, shape2d)).equals(readFileSync(fixturePath('reference-2d.npy')))).toBe(true);
    expect(Buffer.from(encodeNpyFloat32(stack, shape3d)).equals(readFileSync(fixturePath('reference-3d.npy')))).toBe(true);
  });

  it('pads the header so the data starts on a 64-byte boundary, ending in a newline', () => {
    for (const shape of [[7], [3, 5], [2, 3, 4], [123456, 1]]) {
      const count = shape.reduce((a, b) => a * b, 1);
      const bytes = encodeNpyFloat32(new Float32Array(count), shape);
      const headerLength = bytes[8] | (bytes[9] << 8);
      expect((10 + headerLength) % 64).toBe(0);
      expect(bytes[10 + headerLength - 1]).toBe(0x0a);
      const header = Buffer.from(bytes.subarray(10, 10 + headerLength)).toString('latin1');
      expect(header).toContain(`'shape': ${shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`}`);
    }
  });

  it('rejects a shape that does not match the data', () => {
    expect(() => encodeNpyFloat32(new Float32Array(5), [2, 3])).toThrow(/holds 6 values, data has 5/);
  });
});
