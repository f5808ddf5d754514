// What every pixel codec returns: the frame's size and its samples as unsigned cells (right-aligned, as the
// codestream holds them), which stored-values.ts then masks and sign-extends like native data.

export interface DecodedFrame {
  width: number;
  height: number;
  components: number;
  cells: Uint8Array | Uint16Array;
}

/** A codec's failure; read-dicom.ts adds the file, frame and transfer syntax. */
export class CodecError extends Error {}

/** Views little-endian decoder output (WASM memory is little-endian) as 8- or 16-bit cells, copied out. */
export function cellsFromBytes(bytes: Uint8Array, sampleCount: number): Uint8Array | Uint16Array {
  if (bytes.length === sampleCount) return bytes.slice();
  if (bytes.length === 2 * sampleCount) {
    const copy = bytes.slice();
    return new Uint16Array(copy.buffer, copy.byteOffset, sampleCount);
  }
  throw new CodecError(`decoder returned ${bytes.length} bytes for ${sampleCount} samples`);
}
