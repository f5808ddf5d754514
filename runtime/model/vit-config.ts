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
  /** Pixel normalisation (x − mean) / std applied to every input before the patch embedding; absent = none. */
  inputNorm?: { mean: number; std: number };
  /** Register tokens after CLS (Darcet et al. 2024), without positional embedding; absent = 0. */
  registers?: number;
  /** Initial LayerScale γ on each residual branch; absent or 0 = no LayerScale. */
  layerScale?: number;
  /** Stochastic-depth rate of the last block, linear from 0 at the first (timm); training passes only. */
  dropPath?: number;
  /** Patch-embedding input channels; grayscale images are replicated to 3 identical channels. Absent = 1. */
  inChannels?: 1 | 3;
}

export function vitConfigFrom(backbone: ResolvedExperiment['backbone'], imageSize: number): VitConfig {
  const dims = VIT_PRESETS[backbone.preset];
  const config: VitConfig = {
    imageSize,
    patchSize: backbone.patchSize,
    ...dims,
    inputNorm: { ...backbone.inputNorm },
    registers: backbone.registers,
    layerScale: backbone.layerScale,
    dropPath: backbone.dropPath,
    inChannels: backbone.inChannels,
  };
  validateVitConfig(config);
  return config;
}

export function validateVitConfig(c: VitConfig): void {
  if (c.imageSize % c.patchSize !== 0) throw new Error(`image size ${c.imageSize} is not a multiple of patch ${c.patchSize}`);
  if (c.dim % c.heads !== 0) throw new Error(`dim ${c.dim} is not divisible by ${c.heads} heads`);
  if (c.inputNorm && !(c.inputNorm.std > 0)) throw new Error(`input normalisation std must be > 0, got ${c.inputNorm.std}`);
  const registers = c.registers ?? 0;
  if (!Number.isInteger(registers) || registers < 0) throw new Error(`registers must be a non-negative integer, got ${registers}`);
  if (!((c.layerScale ?? 0) >= 0)) throw new Error(`layerScale must be ≥ 0, got ${c.layerScale}`);
  const dropPath = c.dropPath ?? 0;
  if (!(dropPath >= 0 && dropPath < 1)) throw new Error(`dropPath must be in [0, 1), got ${dropPath}`);
  const channels = c.inChannels ?? 1;
  if (channels !== 1 && channels !== 3) throw new Error(`inChannels must be 1 or 3, got ${String(channels)}`);
}

/** Multiply–accumulates of one forward pass per image at crop side `size` (for FLOP accounting). */
export function vitForwardMacs(c: VitConfig, size: number): number {
  const patches = (size / c.patchSize) ** 2;
  const n = patches + 1 + (c.registers ?? 0);
  const hidden = Math.round(c.dim * c.mlpRatio);
  const perToken = 4 * c.dim * c.dim + 2 * c.dim * hidden;
  const attention = 2 * n * n * c.dim;
  return patches * (c.inChannels ?? 1) * c.patchSize * c.patchSize * c.dim + c.depth * (n * perToken + attention);
}
