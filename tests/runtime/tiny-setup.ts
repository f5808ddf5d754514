// Tiny model and DINO settings for fast runtime tests (16-px images, patch 4, dim 32, 2 blocks).
import { DEFAULTS } from '../../dsl/defaults.ts';
import type { ResolvedExperiment } from '../../dsl/types.ts';
import type { VitConfig } from '../../runtime/model/vit-config.ts';

export const TINY_VIT: VitConfig = { imageSize: 16, patchSize: 4, dim: 32, depth: 2, heads: 2, mlpRatio: 2 };

export function tinyPretrain(overrides: Partial<ResolvedExperiment['pretrain']> = {}): ResolvedExperiment['pretrain'] {
  return {
    ...DEFAULTS.pretrain,
    steps: 3,
    batchSize: 8,
    logEvery: 1,
    crops: { global: { count: 2, size: 16, scale: [0.4, 1] }, local: { count: 2, size: 8, scale: [0.1, 0.4] } },
    head: { hiddenDim: 32, bottleneckDim: 16, outDim: 16 },
    optimizer: { ...DEFAULTS.pretrain.optimizer, warmupSteps: 1 },
    ...overrides,
  };
}
