// DICOM RLE Lossless (PS3.5 Annex G), decoded here: no maintained npm package decodes it on its own (cornerstone's
// is inside its browser image loader), and the format is small. A frame is a 64-byte header (segment count,
// 15 offsets) and one PackBits segment per byte plane, most significant plane first (G.2, G.3.1).
import { CodecError, type DecodedFrame } from './decoded-frame.ts';

const HEADER_BYTES = 64;
const MAX_SEGMENTS = 15;

function readSegmentOffsets(frame: Uint8Array, expectedSegments: number): number[] {
  if (frame.length < HEADER_BYTES) throw new CodecError(`RLE frame of ${frame.length} bytes is shorter than its 64-byte header`);
  const view = new DataView(frame.buffer, frame.byteOffset, frame.length);
  const count = view.getUint32(0, true);
  if (count !== expectedSegments) throw new CodecError(`RLE header has ${count} segments, expected ${expectedSegments}`);
  const offsets: number[] = [];
  for (let s = 0; s < count; s++) {
    const offset = view.getUint32(4 + 4 * s, true);
    if (offset < HEADER_BYTES || offset > frame.length) throw new CodecError(`RLE segment ${s} offset ${offset} is outside the frame`);
    offsets.push(offset);
  }
  return offsets;
}

/** PackBits (G.3.1): n ≥ 0 copies n+1 literal bytes, −127 ≤ n ≤ −1 repeats the next byte 1−n times, −128 is a no-op. */
function unpackSegment(source: Uint8Array, start: number, end: number, out: Uint8Array, segment: number): void {
  let i = start;
  let o = 0;
  while (o < out.length && i < end) {
    const n = (source[i++] << 24) >> 24;
    if (n >= 0) {
      if (i + n + 1 > end || o + n + 1 > out.length) throw new CodecError(`RLE segment ${segment} literal run overruns`);
      out.set(source.subarray(i, i + n + 1), o);
      i += n + 1;
      o += n + 1;
    } else if (n !== -128) {
      const count = 1 - n;
      if (i >= end || o + count > out.length) throw new CodecError(`RLE segment ${segment} replicate run overruns`);
      out.fill(source[i++], o, o + count);
      o += count;
    }
  }
  if (o < out.length) throw new CodecError(`RLE segment ${segment} decodes to ${o} of ${out.length} bytes (truncated?)`);
}

export function decodeRle(frame: Uint8Array, rows: number, columns: number, bytesPerSample: 1 | 2): DecodedFrame {
  if (bytesPerSample > MAX_SEGMENTS) throw new CodecError('too many RLE segments');
  const pixels = rows * columns;
  const offsets = readSegmentOffsets(frame, bytesPerSample);
  const planes = offsets.map((offset, s) => {
    const plane = new Uint8Array(pixels);
    unpackSegment(frame, offset, s + 1 < offsets.length ? offsets[s + 1] : frame.length, plane, s);
    return plane;
  });
  if (bytesPerSample === 1) return { width: columns, height: rows, components: 1, cells: planes[0] };
  const cells = new Uint16Array(pixels);
  const [high, low] = planes;
  for (let i = 0; i < pixels; i++) cells[i] = (high[i] << 8) | low[i];
  return { width: columns, height: rows, components: 1, cells };
}
