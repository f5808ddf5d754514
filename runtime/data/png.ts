// Grayscale PNG I/O through fast-png: writes 8- or 16-bit single-channel images from [0, 1] floats and reads
// any PNG back as [0, 1] luminance (RGB weighted as ITU-R BT.601, as Pillow's convert('L') does).
import { readFileSync, writeFileSync } from 'node:fs';
import { convertIndexedToRgb, decode, encode, type DecodedPng } from 'fast-png';

export type PngBitDepth = 8 | 16;

export interface GrayImage {
  pixels: Float32Array;
  width: number;
  height: number;
}

export class PngError extends Error {
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'PngError';
  }
}

/** Encodes [0, 1] values (clamped, rounded to the nearest level) as a grayscale PNG. */
export function encodeGrayPng(image: GrayImage, depth: PngBitDepth = 16): Uint8Array {
  const { pixels, width, height } = image;
  if (pixels.length !== width * height) {
    throw new RangeError(`pixel count ${pixels.length} does not match ${width}×${height}`);
  }
  const max = depth === 16 ? 65535 : 255;
  const data = depth === 16 ? new Uint16Array(pixels.length) : new Uint8Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) {
    const x = pixels[i];
    data[i] = Math.round((x > 0 ? (x < 1 ? x : 1) : 0) * max); // NaN ends up 0
  }
  return encode({ width, height, data, depth, channels: 1 });
}

export function writeGrayPng(file: string, image: GrayImage, depth: PngBitDepth = 16): void {
  writeFileSync(file, encodeGrayPng(image, depth));
}

const LUMA = [0.299, 0.587, 0.114] as const;

/** fast-png leaves 1/2/4-bit grayscale rows packed (MSB first, rows byte-aligned); spread them out. */
function unpackLowDepth(png: DecodedPng): Uint8Array {
  const { width, height, depth, data } = png;
  const stride = Math.ceil((width * depth) / 8);
  const mask = (1 << depth) - 1;
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = x * depth;
      out[y * width + x] = (data[y * stride + (bit >> 3)] >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return out;
}

function toLuminance(png: DecodedPng): Float32Array {
  const withPalette = png.palette !== undefined;
  const packed = !withPalette && png.depth < 8;
  const data = withPalette ? convertIndexedToRgb(png) : packed ? unpackLowDepth(png) : png.data;
  const channels = withPalette ? data.length / (png.width * png.height) : png.channels;
  const max = withPalette ? 255 : 2 ** png.depth - 1;
  const n = png.width * png.height;
  const out = new Float32Array(n);
  const colour = channels >= 3;
  for (let i = 0; i < n; i++) {
    const o = i * channels;
    // A gray+alpha or RGBA alpha channel is ignored: radiographs carry no transparency.
    const value = colour ? LUMA[0] * data[o] + LUMA[1] * data[o + 1] + LUMA[2] * data[o + 2] : data[o];
    out[i] = value / max;
  }
  return out;
}

export function decodeGrayPng(bytes: Uint8Array, file = '<buffer>'): GrayImage {
  let png: DecodedPng;
  try {
    png = decode(bytes);
  } catch (error) {
    throw new PngError(file, `not a readable PNG (${(error as Error).message})`);
  }
  if (png.width === 0 || png.height === 0) throw new PngError(file, 'image has no pixels');
  return { pixels: toLuminance(png), width: png.width, height: png.height };
}

export function readGrayPng(file: string): GrayImage {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new PngError(file, `cannot read file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return decodeGrayPng(bytes, file);
}
