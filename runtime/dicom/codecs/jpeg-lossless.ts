// JPEG lossless (ITU T.81 process 14, any predictor) through jpeg-lossless-decoder-js, the decoder cornerstone uses.
import { createRequire } from 'node:module';
import { CodecError, type DecodedFrame } from './decoded-frame.ts';

interface LosslessDecoder {
  decode(buffer: ArrayBuffer, offset: number, length: number, numBytes: number): Uint8Array | Uint16Array | null;
  xDim: number;
  yDim: number;
  numComp: number;
  /** The decoder's read position: past the end means it read zeros instead of data. */
  stream: { index: number } | null;
}

interface LosslessModule {
  Decoder: new () => LosslessDecoder;
}

const require = createRequire(import.meta.url);
let losslessModule: LosslessModule | undefined;

export function decodeJpegLossless(codestream: Uint8Array, bytesPerSample: 1 | 2): DecodedFrame {
  losslessModule ??= require('jpeg-lossless-decoder-js') as LosslessModule;
  const decoder = new losslessModule.Decoder();
  let cells: Uint8Array | Uint16Array | null;
  try {
    cells = decoder.decode(codestream.buffer as ArrayBuffer, codestream.byteOffset, codestream.length, bytesPerSample);
  } catch (error) {
    throw new CodecError(error instanceof Error ? error.message : String(error));
  }
  if (cells === null) throw new CodecError('no image in the JPEG lossless codestream');
  const read = decoder.stream?.index ?? 0;
  if (read > codestream.length) throw new CodecError(`codestream of ${codestream.length} bytes ends before the image does (truncated)`);
  return { width: decoder.xDim, height: decoder.yDim, components: decoder.numComp, cells };
}
