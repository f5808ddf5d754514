// Chooses the decoder for a transfer syntax's pixel encoding and checks that the frame it returns is the
// grayscale image of the size the header promises.
import type { DicomMeta } from '../dicom-meta.ts';
import type { PixelEncoding } from '../transfer-syntax.ts';
import { CodecError, type DecodedFrame } from './decoded-frame.ts';
import { decodeJpegLossless } from './jpeg-lossless.ts';
import { decodeRle } from './rle.ts';
import { CHARLS, decodeWithWasm, LIBJPEG_TURBO_8BIT, OPENJPEG } from './wasm-decoder.ts';

export type CompressedEncoding = Exclude<PixelEncoding, 'native'>;

function decodeByEncoding(encoding: CompressedEncoding, codestream: Uint8Array, meta: DicomMeta): DecodedFrame {
  const bytesPerSample = meta.bitsAllocated === 8 ? 1 : 2;
  switch (encoding) {
    case 'jpeg-baseline':
      if (meta.bitsAllocated !== 8) throw new CodecError(`JPEG baseline holds 8-bit samples, but Bits Allocated is ${meta.bitsAllocated}`);
      return decodeWithWasm(LIBJPEG_TURBO_8BIT, codestream);
    case 'jpeg-lossless':
      return decodeJpegLossless(codestream, bytesPerSample);
    case 'jpeg-ls':
      return decodeWithWasm(CHARLS, codestream);
    case 'jpeg-2000':
      return decodeWithWasm(OPENJPEG, codestream);
    case 'rle':
      return decodeRle(codestream, meta.rows, meta.columns, bytesPerSample);
  }
}

/** The frame's cells, row-major, one per pixel. */
export function decodeCompressedFrame(encoding: CompressedEncoding, codestream: Uint8Array, meta: DicomMeta): Uint8Array | Uint16Array {
  const frame = decodeByEncoding(encoding, codestream, meta);
  if (frame.components !== 1) throw new CodecError(`codestream has ${frame.components} components, a grayscale image has 1`);
  if (frame.width !== meta.columns || frame.height !== meta.rows) {
    throw new CodecError(`codestream is ${frame.width}×${frame.height}, the header says ${meta.columns}×${meta.rows}`);
  }
  return frame.cells;
}
