// Parameters of one synthetic knee AP radiograph: the patient's anatomy, the Kellgren–Lawrence signs
// (each a continuous severity, see kl-signs.ts) and the acquisition nuisances (pose, exposure, artefacts).
// Lengths are in frame units: the image spans [-1, 1] on both axes before pose; u points medial → lateral.
import type { Rng } from '../../../benchmarks/rng.ts';

export type KlGrade = 0 | 1 | 2 | 3 | 4;
export const KL_GRADES: readonly KlGrade[] = [0, 1, 2, 3, 4];

export type OsteophyteSite = 'femurMedial' | 'tibiaMedial' | 'femurLateral' | 'tibiaLateral' | 'tibialSpines';

export interface Osteophyte {
  site: OsteophyteSite;
  /** Relative spur size in [0, 1]; 1 is a large KL-4 spur. */
  size: number;
}

/** The KL signs, each a continuous severity so adjacent grades overlap. */
export interface KneeSigns {
  /** Latent disease severity on the KL scale (grade plus spread) the other signs were drawn from. */
  severity: number;
  /** Fraction of the normal medial joint-space width lost, in [0, 0.95]. */
  medialNarrowing: number;
  /** Fraction of the normal lateral joint-space width lost, in [0, 0.95]. */
  lateralNarrowing: number;
  osteophytes: Osteophyte[];
  /** Subchondral sclerosis in [0, 1] (brightness and depth of the band under the joint; medial-weighted). */
  sclerosis: number;
  /** Bony-end deformity in [0, 1]: medial condyle flattening and plateau depression. */
  deformity: number;
}

/** Healthy anatomy of one knee; constant across the patient's visits. */
export interface KneeAnatomy {
  /** Half width of the tibial plateau. */
  plateauHalfWidth: number;
  /** Normal (unnarrowed) joint-space width. */
  jointSpaceWidth: number;
  /** Vertical position of the joint line. */
  jointLevel: number;
  /** Multiplier on bone attenuation (bone mineral density). */
  boneDensity: number;
  /** Multiplier on soft-tissue attenuation (body habitus). */
  softTissue: number;
  /** Half width of the soft-tissue envelope. */
  softTissueHalfWidth: number;
  /** Attenuation of the patellar overlay relative to bone. */
  patellaOpacity: number;
  /** Trabecular texture: plane waves (cycles per frame unit, direction, phase). */
  trabeculae: Array<{ frequency: number; angle: number; phase: number }>;
}

export interface KneePose {
  rotationDeg: number;
  /** Translation of the knee in frame units. */
  shiftX: number;
  shiftY: number;
  scale: number;
  /** Left knee shown as a mirror image of the canonical right knee. */
  mirrored: boolean;
}

export type Corner = 'topLeft' | 'topRight' | 'bottomLeft' | 'bottomRight';

export interface KneeExposure {
  gamma: number;
  contrast: number;
  brightness: number;
  /** Standard deviation of additive Gaussian noise (intensity units). */
  noiseSd: number;
  /** Gaussian blur sigma as a fraction of the image side (so it is resolution independent). */
  blur: number;
  /** Collimation: widths (fractions of the side) of shuttered borders, and their intensity. */
  collimation: { top: number; bottom: number; left: number; right: number; level: number } | null;
  /** Lead side marker burnt into the image. */
  marker: { letter: 'L' | 'R'; corner: Corner; size: number } | null;
}

export interface KneeParams {
  anatomy: KneeAnatomy;
  signs: KneeSigns;
  pose: KneePose;
  exposure: KneeExposure;
}

export const NEUTRAL_POSE: KneePose = { rotationDeg: 0, shiftX: 0, shiftY: 0, scale: 1, mirrored: false };

/** Exposure without artefacts, for measuring signs on a clean phantom. */
export const CLEAN_EXPOSURE: KneeExposure = {
  gamma: 1, contrast: 1, brightness: 0, noiseSd: 0, blur: 0, collimation: null, marker: null,
};

export function drawKneeAnatomy(rng: Rng): KneeAnatomy {
  const trabeculae = Array.from({ length: 6 }, () => ({
    frequency: rng.uniform(7, 20),
    angle: rng.uniform(0, Math.PI),
    phase: rng.uniform(0, 2 * Math.PI),
  }));
  return {
    plateauHalfWidth: rng.uniform(0.6, 0.68),
    jointSpaceWidth: rng.uniform(0.09, 0.11),
    jointLevel: rng.uniform(-0.04, 0.04),
    boneDensity: rng.uniform(0.85, 1.15),
    softTissue: rng.uniform(0.8, 1.25),
    softTissueHalfWidth: rng.uniform(0.88, 1.05),
    patellaOpacity: rng.uniform(0.15, 0.3),
    trabeculae,
  };
}

export function drawKneePose(rng: Rng, mirrored: boolean): KneePose {
  return {
    rotationDeg: rng.uniform(-8, 8),
    shiftX: rng.uniform(-0.08, 0.08),
    shiftY: rng.uniform(-0.08, 0.08),
    scale: rng.uniform(0.9, 1.1),
    mirrored,
  };
}

export function drawKneeExposure(rng: Rng): KneeExposure {
  const exposure: KneeExposure = {
    gamma: Math.exp(rng.uniform(Math.log(0.7), Math.log(1.4))),
    contrast: rng.uniform(0.75, 1.25),
    brightness: rng.uniform(-0.1, 0.1),
    noiseSd: rng.uniform(0.01, 0.04),
    blur: rng.uniform(0, 0.012),
    collimation: null,
    marker: null,
  };
  if (rng.bernoulli(0.3)) {
    const border = (): number => (rng.bernoulli(0.5) ? rng.uniform(0.02, 0.12) : 0);
    exposure.collimation = {
      top: border(), bottom: border(), left: border(), right: border(), level: rng.bernoulli(0.7) ? 0.95 : 0.03,
    };
  }
  if (rng.bernoulli(0.4)) {
    const corners: Corner[] = ['topLeft', 'topRight', 'bottomLeft', 'bottomRight'];
    exposure.marker = { letter: rng.bernoulli(0.5) ? 'L' : 'R', corner: rng.pick(corners), size: rng.uniform(0.08, 0.13) };
  }
  return exposure;
}
