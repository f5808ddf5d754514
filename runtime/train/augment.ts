// DINO multi-crop augmentation for grayscale images (Caron et al. 2021, `DataAugmentationDINO`): global
// crops with blur p 1.0 (first) / 0.1 + solarise p 0.2 (second), local crops with blur p 0.5; every crop
// gets a random resized crop, flip p 0.5, brightness/contrast jitter p 0.8 and gamma p 0.5 (our addition for
// radiograph exposure). Pure TypeScript, deterministic given the Rng; outputs are view-major batches.
import type { Rng } from '../../benchmarks/rng.ts';
import { applyGamma, brightnessContrast, gaussianBlur, solarize } from './photometric.ts';
import { resampleBox, sampleCropBox, type CropBox } from './random-resized-crop.ts';

export interface CropConfig {
  count: number;
  size: number;
  scale: [number, number];
}

export interface MultiCropConfig {
  global: CropConfig;
  local: CropConfig;
}

export interface CropPolicy {
  blurP: number;
  solarizeP: number;
  /** Crop side at which DINO's blur radii (0.1–2 px) were defined: 224 global, 96 local. */
  blurReferenceSize: number;
}

const FIRST_GLOBAL: CropPolicy = { blurP: 1.0, solarizeP: 0, blurReferenceSize: 224 };
const OTHER_GLOBAL: CropPolicy = { blurP: 0.1, solarizeP: 0.2, blurReferenceSize: 224 };
const LOCAL: CropPolicy = { blurP: 0.5, solarizeP: 0, blurReferenceSize: 96 };
const JITTER_P = 0.8;
const JITTER = 0.4;
const GAMMA_P = 0.5;
const GAMMA_RANGE: [number, number] = [0.7, 1.5];

export interface MultiCropBatch {
  batch: number;
  /** [globalCount · batch, size, size], view-major: crop v of image b starts at (v·batch + b)·size². */
  global: Float32Array;
  local: Float32Array;
}

/** Every random decision for one crop, drawn before any pixel is touched (tests read the rates here). */
export interface CropPlan {
  box: CropBox;
  flip: boolean;
  /** [brightness, contrast, brightness-first] of the jitter, or undefined when not applied. */
  jitter?: [number, number, boolean];
  gamma?: number;
  blurSigma?: number;
  solarize: boolean;
}

export function planCrop(rng: Rng, imageSize: number, crop: CropConfig, policy: CropPolicy): CropPlan {
  const box = sampleCropBox(rng, imageSize, imageSize, crop.scale);
  const flip = rng.bernoulli(0.5);
  const jitter: CropPlan['jitter'] = rng.bernoulli(JITTER_P)
    ? [rng.uniform(1 - JITTER, 1 + JITTER), rng.uniform(1 - JITTER, 1 + JITTER), rng.bernoulli(0.5)]
    : undefined;
  const gamma = rng.bernoulli(GAMMA_P) ? Math.exp(rng.uniform(Math.log(GAMMA_RANGE[0]), Math.log(GAMMA_RANGE[1]))) : undefined;
  const blurSigma = rng.bernoulli(policy.blurP) ? (rng.uniform(0.1, 2.0) * crop.size) / policy.blurReferenceSize : undefined;
  const solarize = policy.solarizeP > 0 && rng.bernoulli(policy.solarizeP);
  return { box, flip, jitter, gamma, blurSigma, solarize };
}

/** Renders a planned crop of `image` (side imageSize) into out[offset …] (side outSize); tmp is scratch. */
export function renderCrop(
  image: Float32Array, imageSize: number, plan: CropPlan, outSize: number, out: Float32Array, offset: number, tmp: Float32Array,
): void {
  resampleBox(image, imageSize, plan.box, outSize, plan.flip, out, offset);
  const px = out.subarray(offset, offset + outSize * outSize);
  if (plan.jitter) brightnessContrast(px, ...plan.jitter);
  if (plan.gamma !== undefined) applyGamma(px, plan.gamma);
  if (plan.blurSigma !== undefined) gaussianBlur(px, outSize, plan.blurSigma, tmp);
  if (plan.solarize) solarize(px);
}

export function cropPolicy(kind: 'global', index: number): CropPolicy;
export function cropPolicy(kind: 'local'): CropPolicy;
export function cropPolicy(kind: 'global' | 'local', index = 0): CropPolicy {
  if (kind === 'local') return LOCAL;
  return index === 0 ? FIRST_GLOBAL : OTHER_GLOBAL;
}

/**
 * All global and local crops of a batch of square images (row-major, side imageSize, values in [0, 1]);
 * image b draws from rngs[b], so a crop depends only on its image's stream, not on batch composition.
 */
export function multiCropBatch(images: readonly Float32Array[], imageSize: number, crops: MultiCropConfig, rngs: readonly Rng[]): MultiCropBatch {
  const batch = images.length;
  const g = crops.global;
  const l = crops.local;
  const global = new Float32Array(g.count * batch * g.size * g.size);
  const local = new Float32Array(l.count * batch * l.size * l.size);
  const tmp = new Float32Array(Math.max(g.size, l.size) ** 2);
  for (let b = 0; b < batch; b++) {
    const rng = rngs[b];
    for (let v = 0; v < g.count; v++) {
      const plan = planCrop(rng, imageSize, g, cropPolicy('global', v));
      renderCrop(images[b], imageSize, plan, g.size, global, (v * batch + b) * g.size * g.size, tmp);
    }
    for (let v = 0; v < l.count; v++) {
      const plan = planCrop(rng, imageSize, l, LOCAL);
      renderCrop(images[b], imageSize, plan, l.size, local, (v * batch + b) * l.size * l.size, tmp);
    }
  }
  return { batch, global, local };
}
