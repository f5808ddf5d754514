// Trabecular bone texture: a few plane waves fixed to the knee (they move with the pose), band-limited to
// well below the pixel grid's Nyquist frequency so the texture never aliases into a label-correlated pattern.
import type { KneeAnatomy } from './knee-params.ts';
import type { PixelFrame } from './pixel-frame.ts';

/** Fraction of the Nyquist frequency above which a wave is fully suppressed. */
const PASS_BAND = 0.6;

/**
 * Texture at every pixel (zero mean, ~unit variance). A plane wave is separable on the grid:
 * cos(αx + βy + γ) = cos αx · cos(βy + γ) − sin αx · sin(βy + γ), so only 4·size cosines are needed.
 */
export function trabecularTexture(anatomy: KneeAnatomy, frame: PixelFrame, size: number): Float32Array {
  const out = new Float32Array(size * size);
  const nyquist = 1 / (2 * frame.pixel);
  const norm = 1 / Math.sqrt(anatomy.trabeculae.length);
  const cx = new Float64Array(size);
  const sx = new Float64Array(size);
  for (const { frequency, angle, phase } of anatomy.trabeculae) {
    const weight = Math.max(0, 1 - frequency / (PASS_BAND * nyquist)) * norm;
    if (weight === 0) continue;
    const ku = 2 * Math.PI * frequency * Math.cos(angle);
    const kv = 2 * Math.PI * frequency * Math.sin(angle);
    const alpha = ku * frame.ux + kv * frame.vx;
    const beta = ku * frame.uy + kv * frame.vy;
    const gamma = ku * frame.u0 + kv * frame.v0 + phase;
    for (let x = 0; x < size; x++) {
      cx[x] = weight * Math.cos(alpha * x);
      sx[x] = weight * Math.sin(alpha * x);
    }
    for (let y = 0; y < size; y++) {
      const cy = Math.cos(beta * y + gamma);
      const sy = Math.sin(beta * y + gamma);
      const row = y * size;
      for (let x = 0; x < size; x++) out[row + x] += cx[x] * cy - sx[x] * sy;
    }
  }
  return out;
}
