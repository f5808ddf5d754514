// The shared calling convention of the cornerstone WASM decoders (CharLS, OpenJPEG, libjpeg-turbo): copy the
// codestream into WASM memory, decode, read the frame info, copy the pixels out, free the instance.
import { cellsFromBytes, CodecError, type DecodedFrame } from './decoded-frame.ts';
import { getDecoderClass, loadWasmModule } from './wasm-module.ts';

interface FrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
}

interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getFrameInfo(): FrameInfo;
  getDecodedBuffer(): Uint8Array;
  delete(): void;
}

export interface WasmCodec {
  jsEntry: string;
  wasmEntry: string;
  decoderClass: string;
}

export const CHARLS: WasmCodec = {
  jsEntry: '@cornerstonejs/codec-charls/decodewasmjs',
  wasmEntry: '@cornerstonejs/codec-charls/decodewasm',
  decoderClass: 'JpegLSDecoder',
};

export const OPENJPEG: WasmCodec = {
  jsEntry: '@cornerstonejs/codec-openjpeg/decodewasmjs',
  wasmEntry: '@cornerstonejs/codec-openjpeg/decodewasm',
  decoderClass: 'J2KDecoder',
};

export const LIBJPEG_TURBO_8BIT: WasmCodec = {
  jsEntry: '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs',
  wasmEntry: '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm',
  decoderClass: 'JPEGDecoder',
};

/** Emscripten aborts and C++ exceptions arrive as numbers or strings, not Errors. */
function describe(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  return typeof thrown === 'number' ? `native exception ${thrown}` : String(thrown);
}

export function decodeWithWasm(codec: WasmCodec, codestream: Uint8Array): DecodedFrame {
  const module = loadWasmModule(codec.jsEntry, codec.wasmEntry);
  const Decoder = getDecoderClass<WasmDecoder>(module.exports, codec.decoderClass, codec.jsEntry);
  const decoder = new Decoder();
  module.errors.length = 0;
  try {
    decoder.getEncodedBuffer(codestream.length).set(codestream);
    decoder.decode();
    if (module.errors.length > 0) throw new CodecError(module.errors.join('; '));
    const info = decoder.getFrameInfo();
    const samples = info.width * info.height * info.componentCount;
    return { width: info.width, height: info.height, components: info.componentCount, cells: cellsFromBytes(decoder.getDecodedBuffer(), samples) };
  } catch (error) {
    if (error instanceof CodecError) throw error;
    throw new CodecError(describe(error));
  } finally {
    decoder.delete();
  }
}
