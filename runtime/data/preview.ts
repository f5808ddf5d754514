// Contact sheet of labelled images (one row per class) for eyeballing phantoms or a user's data set.
import { writeGrayPng, type GrayImage } from './png.ts';
import { toSquare } from './resize.ts';

export interface PreviewSample {
  label: number;
  pixels: Float32Array;
  /** Side of the (square) image; inferred from the pixel count when absent. */
  width?: number;
  height?: number;
}

const GUTTER = 2;
const GUTTER_LEVEL = 0.5;

function asImage(s: PreviewSample): GrayImage {
  const side = Math.round(Math.sqrt(s.pixels.length));
  const width = s.width ?? side;
  const height = s.height ?? s.pixels.length / width;
  return { pixels: s.pixels, width, height };
}

/** A grid with a row per class (0..max label), the first `perClass` samples of each, tiles of size × size. */
export function renderContactSheet(samples: readonly PreviewSample[], perClass: number, size: number): GrayImage {
  const classes = samples.reduce((m, s) => Math.max(m, s.label + 1), 0);
  const width = perClass * size + (perClass + 1) * GUTTER;
  const height = classes * size + (classes + 1) * GUTTER;
  const pixels = new Float32Array(width * height).fill(GUTTER_LEVEL);
  for (let c = 0; c < classes; c++) {
    const row = samples.filter((s) => s.label === c).slice(0, perClass);
    row.forEach((sample, k) => {
      const tile = toSquare(asImage(sample), size);
      const x0 = GUTTER + k * (size + GUTTER);
      const y0 = GUTTER + c * (size + GUTTER);
      for (let y = 0; y < size; y++) pixels.set(tile.pixels.subarray(y * size, (y + 1) * size), (y0 + y) * width + x0);
    });
  }
  return { pixels, width, height };
}

export function writeContactSheet(file: string, samples: readonly PreviewSample[], perClass: number, size: number): GrayImage {
  const sheet = renderContactSheet(samples, perClass, size);
  writeGrayPng(file, sheet, 8);
  return sheet;
}
