// An MRI phantom scene: tissue layers painted in order (later over earlier) plus soft additive blobs for
// oedema, and what an exam of it needs (field of view, slice ranges, where the task's finding sits).
// Signal levels follow proton-density fat-saturated contrast: fluid bright, cartilage intermediate, muscle
// darker, suppressed fat and marrow dark, ligaments, tendons, menisci, labra and cortex near black.
import type { Shape, Vec3 } from './shapes.ts';

export type Tissue =
  | 'fat' | 'softTissue' | 'muscle' | 'marrow' | 'cortex' | 'cartilage' | 'fluid' | 'fibrous' | 'oedema';

export type TissueSignal = Record<Tissue, number>;

/** Nominal PD fat-sat signal of each tissue on a [0, 1] display scale; sites perturb these. */
export const PD_FAT_SAT: TissueSignal = {
  fat: 0.1,
  softTissue: 0.22,
  muscle: 0.3,
  marrow: 0.14,
  cortex: 0.03,
  cartilage: 0.52,
  fluid: 0.92,
  fibrous: 0.06,
  oedema: 0.7,
};

/** A tissue, or a mix between two (e.g. a torn ligament's signal part way to fluid). */
export type LayerValue = Tissue | { from: Tissue; to: Tissue; t: number };

export interface PaintLayer {
  kind: 'paint';
  shape: Shape;
  value: LayerValue;
  /** Part of the task's target finding (counted per slice to know where the finding is visible). */
  finding?: boolean;
}

/** Adds amplitude · exp(−½ q²) where q is the distance from the centre in units of `radii`, inside `mask`. */
export interface BlobLayer {
  kind: 'blob';
  centre: Vec3;
  radii: Vec3;
  amplitude: number;
  mask?: Shape;
  finding?: boolean;
}

export type Layer = PaintLayer | BlobLayer;

export type MriPlane = 'sagittal' | 'coronal' | 'axial';
export const MRI_PLANES: readonly MriPlane[] = ['sagittal', 'coronal', 'axial'];

export interface MriScene {
  layers: Layer[];
  /** Field of view (mm) of every slice. */
  fovMm: number;
  /** Centre of the field of view. */
  centre: Vec3;
  /** Range (mm) of slice positions along each plane's normal axis (x, y, z for sagittal, coronal, axial). */
  extent: Record<MriPlane, readonly [number, number]>;
  /** Where the task's finding is, or would be: the preview's key slice passes nearest to it. */
  focus: Vec3;
}

export function layerSignal(value: LayerValue, signal: TissueSignal): number {
  if (typeof value === 'string') return signal[value];
  return signal[value.from] + (signal[value.to] - signal[value.from]) * value.t;
}
