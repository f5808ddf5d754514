// The safetensors format (huggingface/safetensors): u64-LE header length, a JSON header mapping each tensor
// name to {dtype, shape, data_offsets}, then the raw little-endian bytes. Only F32 is written; F32, F16, BF16
// and F64 are read (released checkpoints are often half precision) and widened or narrowed to float32.
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-write.ts';

export interface NamedTensor {
  shape: number[];
  data: Float32Array;
}

export type TensorMap = Map<string, NamedTensor>;

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

export function encodeSafetensors(tensors: TensorMap, metadata: Record<string, string> = {}): Uint8Array {
  const names = [...tensors.keys()].sort();
  const header: Record<string, HeaderEntry | Record<string, string>> = { __metadata__: metadata };
  let offset = 0;
  for (const name of names) {
    const tensor = tensors.get(name)!;
    const bytes = tensor.data.length * 4;
    header[name] = { dtype: 'F32', shape: tensor.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let headerText = JSON.stringify(header);
  // The data section must start 8-byte aligned; the spec pads the header with spaces.
  headerText += ' '.repeat((8 - ((8 + Buffer.byteLength(headerText)) % 8)) % 8);
  const headerBytes = Buffer.from(headerText, 'utf8');
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let cursor = 8 + headerBytes.length;
  for (const name of names) {
    const data = tensors.get(name)!.data;
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), cursor);
    cursor += data.byteLength;
  }
  return out;
}

export function decodeSafetensors(bytes: Uint8Array, file = '<buffer>'): { tensors: TensorMap; metadata: Record<string, string> } {
  if (bytes.length < 8) throw new Error(`${file}: not a safetensors file (only ${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (8 + headerLength > bytes.length) throw new Error(`${file}: truncated safetensors header`);
  const header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + headerLength)).toString('utf8')) as Record<string, unknown>;
  const dataStart = 8 + headerLength;
  const tensors: TensorMap = new Map();
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = entry as Record<string, string>;
      continue;
    }
    const { dtype, shape, data_offsets: [begin, end] } = entry as HeaderEntry;
    if (dataStart + end > bytes.length) throw new Error(`${file}: tensor ${name} runs past the end of the file`);
    tensors.set(name, { shape, data: toFloat32(bytes.subarray(dataStart + begin, dataStart + end), dtype, `${file}: tensor ${name}`) });
  }
  return { tensors, metadata };
}

const BYTES_PER_VALUE: Record<string, number> = { F32: 4, F16: 2, BF16: 2, F64: 8 };

/** IEEE half → float (exact: every half is a float). */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

function toFloat32(raw: Uint8Array, dtype: string, what: string): Float32Array {
  const width = BYTES_PER_VALUE[dtype];
  if (width === undefined) throw new Error(`${what} has dtype ${dtype}; only F32, F16, BF16 and F64 are supported`);
  if (raw.length % width !== 0) throw new Error(`${what}: ${raw.length} bytes is not a whole number of ${dtype} values`);
  const copy = raw.slice(); // aligned, and owned by the returned array
  const n = raw.length / width;
  if (dtype === 'F32') return new Float32Array(copy.buffer, copy.byteOffset, n);
  if (dtype === 'F64') return Float32Array.from(new Float64Array(copy.buffer, copy.byteOffset, n));
  const halves = new Uint16Array(copy.buffer, copy.byteOffset, n);
  const out = new Float32Array(n);
  if (dtype === 'BF16') {
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < n; i++) bits[i] = halves[i] << 16;
  } else {
    for (let i = 0; i < n; i++) out[i] = halfToFloat(halves[i]);
  }
  return out;
}

export async function saveSafetensors(path: string, tensors: TensorMap, metadata?: Record<string, string>): Promise<void> {
  await writeFileAtomic(path, encodeSafetensors(tensors, metadata));
}

export async function loadSafetensors(path: string): Promise<{ tensors: TensorMap; metadata: Record<string, string> }> {
  return decodeSafetensors(new Uint8Array(await readFile(path)), path);
}
