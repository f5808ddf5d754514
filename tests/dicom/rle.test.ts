// RLE Lossless decoding (PS3.5 Annex G) on hand-built frames: the PackBits example of Apple TN1023 and a
// two-segment 16-bit frame; malformed frames fail with the reason. Parity on dcmcrle files is in read-parity.
import { describe, expect, it } from 'vitest';
import { CodecError } from '../../runtime/dicom/codecs/decoded-frame.ts';
import { decodeRle } from '../../runtime/dicom/codecs/rle.ts';

function rleFrame(segments: number[][]): Uint8Array {
  const header = new Uint8Array(64);
  const view = new DataView(header.buffer);
  view.setUint32(0, segments.length, true);
  let offset = 64;
  segments.forEach((segment, s) => {
    view.setUint32(4 + 4 * s, offset, true);
    offset += segment.length;
  });
  return Uint8Array.from([...header, ...segments.flat()]);
}

describe('decodeRle', () => {
  it('decodes the PackBits example of Apple TN1023 (literal, replicate and −128 no-op runs)', () => {
    const packed = [0xfe, 0xaa, 0x02, 0x80, 0x00, 0x2a, 0x80, 0xfd, 0xaa, 0x03, 0x80, 0x00, 0x2a, 0x22, 0xf7, 0xaa];
    const expected = [
      0xaa, 0xaa, 0xaa, 0x80, 0x00, 0x2a, 0xaa, 0xaa, 0xaa, 0xaa, 0x80, 0x00,
      0x2a, 0x22, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa,
    ];
    const frame = decodeRle(rleFrame([packed]), 4, 6, 1);
    expect([frame.width, frame.height]).toEqual([6, 4]);
    expect(Array.from(frame.cells)).toEqual(expected);
  });

  it('joins the high-byte and low-byte segments of 16-bit samples', () => {
    const high = [0x02, 0x12, 0x12, 0xab];
    const low = [0xff, 0x34, 0x00, 0xcd];
    expect(Array.from(decodeRle(rleFrame([high, low]), 1, 3, 2).cells)).toEqual([0x1234, 0x1234, 0xabcd]);
  });

  it('rejects a wrong segment count, an overrunning run and a short segment', () => {
    expect(() => decodeRle(rleFrame([[0x00, 1]]), 1, 1, 2)).toThrow(/1 segments, expected 2/);
    expect(() => decodeRle(rleFrame([[0x05, 1, 2]]), 1, 6, 1)).toThrow(CodecError);
    expect(() => decodeRle(rleFrame([[0x00, 1]]), 1, 4, 1)).toThrow(/decodes to 1 of 4 bytes/);
    expect(() => decodeRle(new Uint8Array(10), 1, 1, 1)).toThrow(/shorter than its 64-byte header/);
  });
});
