// Acquisition nuisances applied to a rendered radiograph: exposure (contrast, brightness, gamma), collimation
// shutters, a lead side marker, Gaussian blur and noise. None depends on the KL grade.
import type { Rng } from '../../../benchmarks/rng.ts';
import type { Corner, KneeExposure } from './knee-params.ts';
import { GLYPH_COLUMNS, GLYPH_ROWS, glyphInk } from './marker-glyphs.ts';

const MARKER_LEVEL = 0.97;
const MARKER_SUPERSAMPLE = 3;

export function applyExposure(image: Float32Array, e: KneeExposure): void {
  for (let i = 0; i < image.length; i++) {
    const x = e.brightness + 0.5 + e.contrast * (image[i] - 0.5);
    image[i] = Math.pow(x <= 0 ? 0 : x >= 1 ? 1 : x, e.gamma);
  }
}

/** Fraction of pixel [x, x+1) lying inside [lo, hi) (anti-aliased shutter edges). */
function overlap(x: number, lo: number, hi: number): number {
  return Math.max(0, Math.min(x + 1, hi) - Math.max(x, lo));
}

export function applyCollimation(image: Float32Array, size: number, c: NonNullable<KneeExposure['collimation']>): void {
  const x0 = c.left * size;
  const x1 = size - c.right * size;
  const y0 = c.top * size;
  const y1 = size - c.bottom * size;
  for (let y = 0; y < size; y++) {
    const openY = overlap(y, y0, y1);
    for (let x = 0; x < size; x++) {
      const open = openY * overlap(x, x0, x1);
      const i = y * size + x;
      image[i] = open * image[i] + (1 - open) * c.level;
    }
  }
}

function markerOrigin(corner: Corner, side: number, size: number): [number, number] {
  const margin = 0.04 * size;
  const width = (side * GLYPH_COLUMNS) / GLYPH_ROWS;
  const x = corner === 'topLeft' || corner === 'bottomLeft' ? margin : size - margin - width;
  const y = corner === 'topLeft' || corner === 'topRight' ? margin : size - margin - side;
  return [x, y];
}

export function applyMarker(image: Float32Array, size: number, m: NonNullable<KneeExposure['marker']>): void {
  const side = m.size * size;
  const cell = side / GLYPH_ROWS;
  const [ox, oy] = markerOrigin(m.corner, side, size);
  const n = MARKER_SUPERSAMPLE;
  for (let y = Math.floor(oy); y < Math.ceil(oy + side) && y < size; y++) {
    for (let x = Math.floor(ox); x < Math.ceil(ox + cell * GLYPH_COLUMNS) && x < size; x++) {
      let ink = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const gx = Math.floor((x + (sx + 0.5) / n - ox) / cell);
          const gy = Math.floor((y + (sy + 0.5) / n - oy) / cell);
          if (gx >= 0 && gy >= 0 && glyphInk(m.letter, gx, gy)) ink++;
        }
      }
      const cover = ink / (n * n);
      const i = y * size + x;
      image[i] = (1 - cover) * image[i] + cover * MARKER_LEVEL;
    }
  }
}

function gaussianKernel(sigma: number): Float32Array {
  const radius = Math.max(1, Math.ceil(2.5 * sigma));
  const kernel = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let k = -radius; k <= radius; k++) sum += kernel[k + radius] = Math.exp(-(k * k) / (2 * sigma * sigma));
  for (let k = 0; k < kernel.length; k++) kernel[k] /= sum;
  return kernel;
}

/** Separable Gaussian blur with edge clamping; sigma in pixels. */
export function gaussianBlur(image: Float32Array, size: number, sigma: number): void {
  if (sigma < 0.05) return;
  const kernel = gaussianKernel(sigma);
  const radius = (kernel.length - 1) / 2;
  const tmp = new Float32Array(image.length);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let s = 0;
      for (let k = -radius; k <= radius; k++) s += kernel[k + radius] * image[y * size + Math.min(size - 1, Math.max(0, x + k))];
      tmp[y * size + x] = s;
    }
  }
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let s = 0;
      for (let k = -radius; k <= radius; k++) s += kernel[k + radius] * tmp[Math.min(size - 1, Math.max(0, y + k)) * size + x];
      image[y * size + x] = s;
    }
  }
}

export function addNoiseAndClamp(image: Float32Array, sd: number, rng: Rng): void {
  for (let i = 0; i < image.length; i++) {
    const x = sd > 0 ? image[i] + rng.normal(0, sd) : image[i];
    image[i] = x <= 0 ? 0 : x >= 1 ? 1 : x;
  }
}
