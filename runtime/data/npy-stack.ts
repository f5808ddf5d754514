// Reads NumPy .npy files (format versions 1–3, numpy.lib.format) holding a slice stack S×H×W or one image H×W,
// as MRNet ships its exams (uint8, 256×256 slices). Integer stacks map to [0, 1] by their type's range (uint8
// / 255, uint16 / 65535); float stacks are min–max scaled per stack, since their intensity scale is unknown.
import { closeSync, openSync, readSync } from 'node:fs';
import type { GrayImage } from './png.ts';

export class NpyError extends Error {
  constructor(readonly file: string, readonly detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'NpyError';
  }
}

interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
  dataOffset: number;
}

type Reader = (view: DataView, offset: number) => number;

interface Dtype {
  bytes: number;
  read: Reader;
  /** Integer types: the range mapped to [0, 1]; floats are min–max scaled. */
  range?: [number, number];
}

const DTYPES: Readonly<Record<string, Dtype>> = {
  '|u1': { bytes: 1, read: (v, o) => v.getUint8(o), range: [0, 255] },
  '|i1': { bytes: 1, read: (v, o) => v.getInt8(o), range: [-128, 127] },
  '<u2': { bytes: 2, read: (v, o) => v.getUint16(o, true), range: [0, 65535] },
  '<i2': { bytes: 2, read: (v, o) => v.getInt16(o, true), range: [-32768, 32767] },
  '<f4': { bytes: 4, read: (v, o) => v.getFloat32(o, true) },
  '<f8': { bytes: 8, read: (v, o) => v.getFloat64(o, true) },
};
/** Other spellings numpy writes for the same little-endian types. */
const DTYPE_ALIASES: Readonly<Record<string, string>> = { '<u1': '|u1', '<i1': '|i1', '=u2': '<u2', '=i2': '<i2', '=f4': '<f4', '=f8': '<f8' };

function dtypeOf(descr: string): Dtype | undefined {
  return DTYPES[descr] ?? DTYPES[DTYPE_ALIASES[descr] ?? ''];
}

function parseHeader(bytes: Uint8Array, file: string): NpyHeader {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || magic.some((b, i) => bytes[i] !== b)) throw new NpyError(file, 'not a NumPy .npy file (no \\x93NUMPY magic)');
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (major < 1 || major > 3) throw new NpyError(file, `unsupported .npy format version ${major}.${bytes[7]}`);
  const headerLength = lengthBytes === 2 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataOffset = 8 + lengthBytes + headerLength;
  if (dataOffset > bytes.length) throw new NpyError(file, 'file ends inside the .npy header (truncated?)');
  const header = new TextDecoder().decode(bytes.subarray(8 + lengthBytes, dataOffset));
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw new NpyError(file, `unreadable .npy header: ${header.trim()}`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  return { descr, fortranOrder: fortran === 'True', shape, dataOffset };
}

/** The stack's slices as [0, 1] images, in slice order. */
export function decodeNpyStack(bytes: Uint8Array, file = '<buffer>'): GrayImage[] {
  const header = parseHeader(bytes, file);
  const dtype = dtypeOf(header.descr);
  if (!dtype) throw new NpyError(file, `unsupported dtype ${header.descr} (uint8, int8, uint16, int16, float32 or float64 expected)`);
  if (header.fortranOrder) throw new NpyError(file, 'Fortran-ordered arrays are not supported (save with np.ascontiguousarray)');
  const shape = header.shape.length === 2 ? [1, ...header.shape] : header.shape;
  if (shape.length !== 3 || shape.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new NpyError(file, `expected a slice stack S×H×W or an image H×W (got shape (${header.shape.join(', ')}))`);
  }
  const [slices, height, width] = shape;
  const count = slices * height * width;
  const needed = header.dataOffset + count * dtype.bytes;
  if (bytes.length < needed) throw new NpyError(file, `pixel data holds ${bytes.length - header.dataOffset} bytes, need ${count * dtype.bytes} (truncated?)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = dtype.read(view, header.dataOffset + i * dtype.bytes);
  const [low, high] = dtype.range ?? finiteRange(values, file);
  const scale = high > low ? 1 / (high - low) : 0;
  for (let i = 0; i < count; i++) values[i] = (values[i] - low) * scale;
  return Array.from({ length: slices }, (_, s) => ({ pixels: values.subarray(s * height * width, (s + 1) * height * width), width, height }));
}

function finiteRange(values: Float32Array, file: string): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) throw new NpyError(file, 'stack holds NaN or infinite values');
    if (v < low) low = v;
    if (v > high) high = v;
  }
  return [low, high];
}

/** Format 1.0 headers are at most 65535 bytes; later versions are read whole when longer. */
const HEAD_BYTES = 65536 + 12;

/** The number of slices of a stack from its header alone (the data is not read), or why it cannot be read. */
export function readNpySliceCount(file: string): number | string {
  let head: Uint8Array;
  try {
    const fd = openSync(file, 'r');
    try {
      const buffer = new Uint8Array(HEAD_BYTES);
      head = buffer.subarray(0, readSync(fd, buffer, 0, HEAD_BYTES, 0));
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? (error as Error).message})`;
  }
  try {
    const { shape } = parseHeader(head, file);
    if (shape.length === 2) return 1;
    if (shape.length === 3 && Number.isInteger(shape[0]) && shape[0] > 0) return shape[0];
    return `expected a slice stack S×H×W or an image H×W (got shape (${shape.join(', ')}))`;
  } catch (error) {
    if (error instanceof NpyError) return error.detail;
    throw error;
  }
}
