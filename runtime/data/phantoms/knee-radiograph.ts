// Renders one synthetic knee AP radiograph (size×size, row-major, values in [0, 1]) from its parameters:
// attenuation of the posed phantom → Beer–Lambert display curve → exposure, collimation, marker, blur, noise.
import type { Rng } from '../../../benchmarks/rng.ts';
import { addNoiseAndClamp, applyCollimation, applyExposure, applyMarker, gaussianBlur } from './acquisition.ts';
import { attenuationAt, type AttenuationModel } from './knee-attenuation.ts';
import { buildKneeGeometry } from './knee-geometry.ts';
import type { KneeParams } from './knee-params.ts';
import { pixelFrame } from './pixel-frame.ts';
import { trabecularTexture } from './trabecular-texture.ts';

/** Scales line integrals to film density; bone then sits near 0.8, soft tissue near 0.3. */
export const DISPLAY_GAIN = 1.3;
/** Film density before acquisition effects: 1 − exp(−gain · attenuation) at each pixel centre. */
export function renderFilmDensity(params: KneeParams, size: number): Float32Array {
  const { anatomy, signs, pose } = params;
  const f = pixelFrame(pose, size);
  const model: AttenuationModel = { geometry: buildKneeGeometry(anatomy, signs), anatomy, signs };
  const texture = trabecularTexture(anatomy, f, size);
  const image = new Float32Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      const u = f.u0 + f.ux * x + f.uy * y;
      const v = f.v0 + f.vx * x + f.vy * y;
      image[i] = 1 - Math.exp(-DISPLAY_GAIN * attenuationAt(model, u, v, f.pixel, texture[i]));
    }
  }
  return image;
}

/** Noise is the only draw here, so a clean exposure (noiseSd 0) renders without touching rng. */
export function renderKneeRadiograph(params: KneeParams, size: number, rng: Rng): Float32Array {
  if (!Number.isInteger(size) || size < 8) throw new RangeError(`image size must be an integer ≥ 8 (got ${size})`);
  const { exposure } = params;
  const image = renderFilmDensity(params, size);
  applyExposure(image, exposure);
  if (exposure.collimation) applyCollimation(image, size, exposure.collimation);
  if (exposure.marker) applyMarker(image, size, exposure.marker);
  gaussianBlur(image, size, exposure.blur * size);
  addNoiseAndClamp(image, exposure.noiseSd, rng);
  return image;
}
