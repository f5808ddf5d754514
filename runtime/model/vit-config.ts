// ViT hyper-parameters resolved from a spec's backbone section and the data's image size.
import { VIT_PRESETS } from '../../dsl/presets.ts';
import type { ResolvedExperiment } from '../../dsl/types.ts';

export interface VitConfig {
  /** Side of the images the positional embedding is learnt for (its base grid is imageSize / patchSize). */
  imageSize: number;
  patchSize: number;
  dim: number;
  depth: number;
  heads: number;
  mlpRatio: number;
}

export function vitConfigFrom(backbone: ResolvedExperiment['backbone'], imageSize: number): VitConfig {
  const dims = VIT_PRESETS[backbone.preset];
  const config = { imageSize, patchSize: backbone.patchSize, ...dims };
  validateVitConfig(config);
  return config;
}

export function validateVitConfig(c: VitConfig): void {
  if (c.imageSize % c.patchSize !== 0) throw new Error(`image size ${c.imageSize} is not a multiple of patch ${c.patchSize}`);
  if (c.dim % c.heads !== 0) throw new Error(`dim ${c.dim} is not divisible by ${c.heads} heads`);
}

/** Multiply–accumulates of one forward pass per image at crop side `size` (for FLOP accounting). */
export function vitForwardMacs(c: VitConfig, size: number): number {
  const n = (size / c.patchSize) ** 2 + 1;
  const hidden = Math.round(c.dim * c.mlpRatio);
  const perToken = 4 * c.dim * c.dim + 2 * c.dim * hidden;
  const attention = 2 * n * n * c.dim;
  return (n - 1) * c.patchSize * c.patchSize * c.dim + c.depth * (n * perToken + attention);
}
