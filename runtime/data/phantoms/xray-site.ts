// Site/scanner variation of knee radiographs: each site's detector and processing shift the per-image
// exposure draws (contrast, gamma, brightness, noise, blur) and fix a detector resolution; images are
// rendered at that resolution and upsampled, as a coarser detector's images are. None depends on the label.
import type { Rng } from '../../../benchmarks/rng.ts';
import type { KneeExposure, KneeParams } from './knee-params.ts';
import { renderKneeRadiograph } from './knee-radiograph.ts';
import { resizeGray } from '../resize.ts';

export interface XraySite {
  contrastGain: number;
  gammaGain: number;
  brightnessShift: number;
  noiseGain: number;
  blurGain: number;
  /** Detector resolution as a fraction of the output size. */
  resolution: number;
}

export function drawXraySite(rng: Rng): XraySite {
  return {
    contrastGain: rng.uniform(0.85, 1.15),
    gammaGain: Math.exp(rng.uniform(Math.log(0.85), Math.log(1.18))),
    brightnessShift: rng.uniform(-0.06, 0.06),
    noiseGain: rng.uniform(0.6, 1.6),
    blurGain: rng.uniform(0.5, 1.8),
    resolution: rng.pick([1, 0.85, 0.7]),
  };
}

export function siteExposure(e: KneeExposure, site: XraySite): KneeExposure {
  return {
    ...e,
    contrast: e.contrast * site.contrastGain,
    gamma: e.gamma * site.gammaGain,
    brightness: e.brightness + site.brightnessShift,
    noiseSd: e.noiseSd * site.noiseGain,
    blur: e.blur * site.blurGain,
  };
}

/** The radiograph as the site acquires it: its exposure, at its detector resolution, upsampled to `size`. */
export function renderAtSite(params: KneeParams, size: number, site: XraySite, rng: Rng): Float32Array {
  const detector = Math.max(8, Math.round(size * site.resolution));
  const image = renderKneeRadiograph({ ...params, exposure: siteExposure(params.exposure, site) }, detector, rng);
  if (detector === size) return image;
  const up = resizeGray({ pixels: image, width: detector, height: detector }, size, size).pixels;
  for (let i = 0; i < up.length; i++) up[i] = Math.min(Math.max(up[i], 0), 1);
  return up;
}
