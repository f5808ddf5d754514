// Resampling a checkpoint's positional embedding to another grid when it is loaded: bicubic as DINOv2's
// `interpolate_pos_encoding` and timm's `resample_abs_pos_embed` (PyTorch F.interpolate, mode='bicubic',
// align_corners=False, A = −0.75, border-clamped taps, by output size, no antialiasing), or bilinear through
// pos-embed.ts (what the model itself uses for smaller crops). Prefix rows (CLS) are kept as they are.
import { interpolationMatrix } from './pos-embed.ts';

export type PosEmbedResampling = 'bicubic' | 'bilinear';

const A = -0.75;

/** Keys' cubic convolution kernel with PyTorch's A = −0.75, for a tap at distance |x| < 2. */
function cubicWeight(x: number): number {
  const d = Math.abs(x);
  if (d <= 1) return ((A + 2) * d - (A + 3)) * d * d + 1;
  return ((A * d - 5 * A) * d + 8 * A) * d - 4 * A;
}

/** For each output index, four (input index, weight) taps; indices clamped to the border as PyTorch does. */
export function bicubicAxisTaps(outSize: number, inSize: number): Array<Array<[number, number]>> {
  const scale = inSize / outSize;
  const taps: Array<Array<[number, number]>> = [];
  for (let o = 0; o < outSize; o++) {
    const src = (o + 0.5) * scale - 0.5; // not clamped at 0 for cubic (PyTorch area_pixel_compute_source_index)
    const i0 = Math.floor(src);
    const t = src - i0;
    const clamp = (i: number): number => Math.min(Math.max(i, 0), inSize - 1);
    taps.push([
      [clamp(i0 - 1), cubicWeight(t + 1)],
      [clamp(i0), cubicWeight(t)],
      [clamp(i0 + 1), cubicWeight(1 - t)],
      [clamp(i0 + 2), cubicWeight(2 - t)],
    ]);
  }
  return taps;
}

/** Row-major [outGrid², inGrid²] bicubic matrix M with pos_out = M · pos_in. */
export function bicubicInterpolationMatrix(outGrid: number, inGrid: number): Float64Array {
  const m = new Float64Array(outGrid * outGrid * inGrid * inGrid);
  const axis = bicubicAxisTaps(outGrid, inGrid);
  const cols = inGrid * inGrid;
  for (let oy = 0; oy < outGrid; oy++) {
    for (let ox = 0; ox < outGrid; ox++) {
      const row = (oy * outGrid + ox) * cols;
      for (const [iy, wy] of axis[oy]) for (const [ix, wx] of axis[ox]) m[row + iy * inGrid + ix] += wy * wx;
    }
  }
  return m;
}

/**
 * pos_embed rows [prefix + fromGrid², dim] (row-major over the grid) → [prefix + toGrid², dim], the
 * `prefix` leading rows (CLS position) copied unchanged. Accumulates in float64.
 */
export function resamplePosEmbed(
  data: Float32Array, dim: number, fromGrid: number, toGrid: number, prefix: number, method: PosEmbedResampling = 'bicubic',
): Float32Array {
  if (data.length !== (prefix + fromGrid * fromGrid) * dim) {
    throw new Error(`pos_embed has ${data.length} values, expected (${prefix} + ${fromGrid}²)·${dim}`);
  }
  const out = new Float32Array((prefix + toGrid * toGrid) * dim);
  out.set(data.subarray(0, prefix * dim));
  const matrix = method === 'bicubic' ? bicubicInterpolationMatrix(toGrid, fromGrid) : interpolationMatrix(toGrid, fromGrid);
  const inCells = fromGrid * fromGrid;
  const acc = new Float64Array(dim);
  for (let o = 0; o < toGrid * toGrid; o++) {
    acc.fill(0);
    for (let i = 0; i < inCells; i++) {
      const w = matrix[o * inCells + i];
      if (w === 0) continue;
      const base = (prefix + i) * dim;
      for (let c = 0; c < dim; c++) acc[c] += w * data[base + c];
    }
    out.set(acc, (prefix + o) * dim);
  }
  return out;
}
