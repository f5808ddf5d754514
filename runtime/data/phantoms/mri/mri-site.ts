// Scanner/site variation of MRI phantoms: acquisition matrix (resolution), Rician noise level, fat
// suppression quality, contrast, gain and gamma, coil shading. A site fixes the ranges; each exam jitters
// around its site. None of it depends on the label.
import type { Rng } from '../../../../benchmarks/rng.ts';
import { PD_FAT_SAT, type TissueSignal } from './scene.ts';

export interface MriSite {
  /** Acquisition matrix as a fraction of the output size; slices are upsampled to the output size. */
  resolution: number;
  /** Standard deviation of each channel of the complex noise (magnitude images are Rician). */
  noiseSd: number;
  /** 1 = perfect fat suppression; lower lets fat and marrow signal through. */
  fatSuppression: number;
  /** Scales the contrast of fluid, oedema and cartilage above muscle (echo-time differences). */
  fluidContrast: number;
  gain: number;
  gamma: number;
  /** Amplitude of the smooth multiplicative coil-shading field. */
  biasField: number;
  /** Standard deviation of the smooth tissue heterogeneity field. */
  texture: number;
}

export function drawMriSite(rng: Rng): MriSite {
  return {
    resolution: rng.pick([1, 0.85, 0.7, 0.6]),
    noiseSd: rng.uniform(0.015, 0.06),
    fatSuppression: rng.uniform(0.6, 1),
    fluidContrast: rng.uniform(0.8, 1.15),
    gain: rng.uniform(0.85, 1.15),
    gamma: Math.exp(rng.uniform(Math.log(0.8), Math.log(1.25))),
    biasField: rng.uniform(0.05, 0.3),
    texture: rng.uniform(0.03, 0.08),
  };
}

/** Tissue signal at a site: poor fat suppression brightens fat and marrow; TE scales fluid-like contrast. */
export function siteSignal(site: MriSite): TissueSignal {
  const leak = 1 - site.fatSuppression;
  const s = { ...PD_FAT_SAT };
  s.fat += 0.6 * leak;
  s.marrow += 0.45 * leak;
  s.softTissue += 0.3 * leak;
  for (const t of ['fluid', 'oedema', 'cartilage'] as const) s[t] = s.muscle + (PD_FAT_SAT[t] - s.muscle) * site.fluidContrast;
  return s;
}

/** Per-exam acquisition: the site's settings with a little jitter, and the direction of the coil shading. */
export interface MriExamAcquisition {
  site: MriSite;
  signal: TissueSignal;
  gain: number;
  biasAngle: number;
  biasCentre: readonly [number, number];
}

export function drawExamAcquisition(site: MriSite, rng: Rng): MriExamAcquisition {
  return {
    site,
    signal: siteSignal(site),
    gain: site.gain * rng.uniform(0.92, 1.08),
    biasAngle: rng.uniform(0, 2 * Math.PI),
    biasCentre: [rng.uniform(-0.3, 0.3), rng.uniform(-0.3, 0.3)],
  };
}
