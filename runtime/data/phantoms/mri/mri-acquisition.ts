// Turns an ideal slice into an acquired one: smooth tissue heterogeneity, coil shading, complex Gaussian
// noise taken to magnitude (Rician, as in magnitude MR images; Gudbjartsson & Patz 1995), gain and gamma,
// then bilinear upsampling from the acquisition matrix to the output size.
import type { Rng } from '../../../../benchmarks/rng.ts';
import type { MriExamAcquisition } from './mri-site.ts';

const FIELD_GRID = 6;

/** Source coordinate and weight of each output pixel along one axis (half-pixel centres, edges clamped). */
function bilinearAxis(from: number, to: number): { index: Int32Array; weight: Float32Array } {
  const index = new Int32Array(to);
  const weight = new Float32Array(to);
  for (let d = 0; d < to; d++) {
    const x = Math.min(Math.max(((d + 0.5) * from) / to - 0.5, 0), from - 1);
    index[d] = Math.min(Math.floor(x), from - 2);
    weight[d] = x - index[d];
  }
  return { index, weight };
}

/** Bilinear resampling of a square image (as runtime/data/resize.ts enlarges), without per-call allocations of weight lists. */
export function bilinearResize(src: Float32Array, from: number, to: number): Float32Array {
  const { index, weight } = bilinearAxis(from, to);
  const out = new Float32Array(to * to);
  for (let y = 0; y < to; y++) {
    const r0 = index[y] * from;
    const r1 = r0 + from;
    const wy = weight[y];
    for (let x = 0; x < to; x++) {
      const c = index[x];
      const wx = weight[x];
      const top = src[r0 + c] * (1 - wx) + src[r0 + c + 1] * wx;
      const bottom = src[r1 + c] * (1 - wx) + src[r1 + c + 1] * wx;
      out[y * to + x] = top * (1 - wy) + bottom * wy;
    }
  }
  return out;
}

/** A smooth zero-mean random field on matrix², bilinear from a FIELD_GRID² lattice of normal draws. */
function smoothField(matrix: number, sd: number, rng: Rng): Float32Array {
  const lattice = Float32Array.from({ length: FIELD_GRID * FIELD_GRID }, () => rng.normal(0, sd));
  return bilinearResize(lattice, FIELD_GRID, matrix);
}

function clamp01(x: number): number {
  return x <= 0 ? 0 : x >= 1 ? 1 : x;
}

/** `ideal` is matrix × matrix; the result is outSize × outSize in [0, 1]. */
export function acquireSlice(ideal: Float32Array, matrix: number, outSize: number, acq: MriExamAcquisition, rng: Rng): Float32Array {
  const { site } = acq;
  const field = smoothField(matrix, site.texture, rng);
  const cos = Math.cos(acq.biasAngle);
  const sin = Math.sin(acq.biasAngle);
  const out = new Float32Array(matrix * matrix);
  for (let y = 0; y < matrix; y++) {
    const v = (y + 0.5) / matrix - 0.5;
    for (let x = 0; x < matrix; x++) {
      const u = (x + 0.5) / matrix - 0.5;
      const du = u - acq.biasCentre[0];
      const dv = v - acq.biasCentre[1];
      const shading = 1 + site.biasField * (cos * u + sin * v) - site.biasField * (du * du + dv * dv);
      const i = y * matrix + x;
      const signal = ideal[i] * (1 + field[i]) * shading;
      const real = signal + rng.normal(0, site.noiseSd);
      const imaginary = rng.normal(0, site.noiseSd);
      out[i] = Math.pow(clamp01(acq.gain * Math.sqrt(real * real + imaginary * imaginary)), site.gamma);
    }
  }
  if (matrix === outSize) return out;
  // Bilinear interpolation of values in [0, 1] stays in [0, 1].
  return bilinearResize(out, matrix, outSize);
}
