// Writes float32 arrays in the NumPy .npy format, version 1.0 (numpy.lib.format): magic, version, a 16-bit
// header length, then a Python dict literal padded with spaces and a newline so the data starts on a 64-byte
// boundary. The header also carries numpy's spare spaces for growing the first axis, so the bytes equal np.save's.
import { writeFileAtomically } from './atomic-write.ts';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const PREFIX_BYTES = 10; // magic, major, minor, uint16 header length
const ALIGNMENT = 64;
/** numpy ≥ 1.23 leaves room for the first axis to grow to 21 digits (format.GROWTH_AXIS_MAX_DIGITS). */
const GROWTH_AXIS_MAX_DIGITS = 21;

function shapeLiteral(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

export function encodeNpyFloat32(data: Float32Array, shape: readonly number[]): Uint8Array {
  if (shape.some((n) => !Number.isInteger(n) || n < 0)) throw new RangeError(`shape must be non-negative integers (got ${shape.join('×')})`);
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new RangeError(`shape ${shape.join('×')} holds ${count} values, data has ${data.length}`);
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeLiteral(shape)}, }`;
  if (shape.length > 0) header += ' '.repeat(GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length);
  const unpadded = PREFIX_BYTES + header.length + 1;
  header += `${' '.repeat((ALIGNMENT - (unpadded % ALIGNMENT)) % ALIGNMENT)}\n`;
  if (header.length > 0xffff) throw new RangeError('npy header too long for format version 1.0');
  const out = new Uint8Array(PREFIX_BYTES + header.length + 4 * data.length);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[PREFIX_BYTES + i] = header.charCodeAt(i);
  const dataStart = PREFIX_BYTES + header.length;
  for (let i = 0; i < data.length; i++) view.setFloat32(dataStart + 4 * i, data[i], true);
  return out;
}

export function writeNpyFloat32(file: string, data: Float32Array, shape: readonly number[]): void {
  writeFileAtomically(file, encodeNpyFloat32(data, shape));
}
