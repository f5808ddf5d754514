// ViT size presets as data. tiny/small/base/large follow the published ViT sizes (Dosovitskiy et al.;
// DeiT); nano and micro are CPU-sized for the embedded default job.
import type { BackbonePreset } from './types.ts';

export interface VitDims {
  dim: number;
  depth: number;
  heads: number;
  mlpRatio: number;
}

export const VIT_PRESETS: Record<BackbonePreset, VitDims> = {
  nano: { dim: 64, depth: 4, heads: 2, mlpRatio: 2 },
  micro: { dim: 128, depth: 4, heads: 4, mlpRatio: 2 },
  tiny: { dim: 192, depth: 12, heads: 3, mlpRatio: 4 },
  small: { dim: 384, depth: 12, heads: 6, mlpRatio: 4 },
  base: { dim: 768, depth: 12, heads: 12, mlpRatio: 4 },
  large: { dim: 1024, depth: 24, heads: 16, mlpRatio: 4 },
};
