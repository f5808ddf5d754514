// The backend-neutral ViT description: JSON round trip, agreement with the built model, and parameter counts of
// the presets against timm's published ViT sizes.
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { VIT_PRESETS } from '../../dsl/presets.ts';
import { DEFAULTS } from '../../dsl/defaults.ts';
import { initBackend } from '../../runtime/backend.ts';
import type { VitConfig } from '../../runtime/model/vit-config.ts';
import { vitConfigFrom, vitForwardMacs } from '../../runtime/model/vit-config.ts';
import { describeVit, dropPathRates, parameterCount, vitConfigOf } from '../../runtime/model/vit-description.ts';
import { VisionTransformer } from '../../runtime/model/vit.ts';

const FULL: VitConfig = {
  imageSize: 16, patchSize: 4, dim: 16, depth: 3, heads: 2, mlpRatio: 2,
  inputNorm: { mean: 0.45, std: 0.27 }, registers: 2, layerScale: 1e-5, dropPath: 0.1, inChannels: 3,
};

beforeAll(async () => {
  await initBackend('cpu');
});

describe('describeVit', () => {
  it('is plain JSON that round-trips, and gives back its config', () => {
    for (const config of [FULL, { imageSize: 16, patchSize: 4, dim: 16, depth: 2, heads: 2, mlpRatio: 2 }]) {
      const d = describeVit(config);
      expect(JSON.parse(JSON.stringify(d))).toEqual(d);
      expect(describeVit(vitConfigOf(d))).toEqual(d);
    }
    expect(() => vitConfigOf({ ...describeVit(FULL), version: 2 } as unknown as ReturnType<typeof describeVit>)).toThrow(/version-1/);
  });

  it('lists exactly the built model’s parameters, in order, with their shapes', () => {
    for (const config of [FULL, vitConfigFrom(DEFAULTS.backbone, 64)]) {
      const d = describeVit(config);
      const vit = VisionTransformer.create(config, new Rng(1), 'described');
      expect(vit.params.entries().map(([name, v]) => [name, v.shape])).toEqual(d.params.map((p) => [p.name, p.shape]));
      expect(vit.description).toEqual(d);
      expect(vit.params.size()).toBe(parameterCount(d));
      vit.dispose();
    }
  });

  it('states registers, LayerScale, channels and the per-block drop rates (timm linspace)', () => {
    const d = describeVit(FULL);
    const names = d.params.map((p) => p.name);
    expect(names.slice(0, 5)).toEqual(['cls_token', 'pos_embed', 'patch_embed.proj.weight', 'patch_embed.proj.bias', 'register_tokens']);
    expect(d.params.find((p) => p.name === 'patch_embed.proj.weight')!.shape).toEqual([3 * 16, 16]);
    expect(d.params.find((p) => p.name === 'blocks.2.ls2.gamma')).toEqual({ name: 'blocks.2.ls2.gamma', shape: [16], init: { constant: 1e-5 } });
    expect(d.dropPathRates).toEqual([0, 0.05, 0.1]);
    expect(dropPathRates(1, 0.3)).toEqual([0]); // torch.linspace(0, 0.3, 1)
    expect(d.conventions.tokenOrder).toEqual(['cls', 'registers', 'patches']);
  });

  it('counts register tokens and input channels in the forward MACs', () => {
    const plain = { imageSize: 16, patchSize: 4, dim: 16, depth: 1, heads: 2, mlpRatio: 2 };
    // one image at 16 px: 16 patches; per token 4·16² + 2·16·32 = 2048 MACs; attention 2·n²·16
    expect(vitForwardMacs(plain, 16)).toBe(16 * 16 * 16 + 17 * 2048 + 2 * 17 * 17 * 16);
    expect(vitForwardMacs({ ...plain, registers: 2, inChannels: 3 }, 16)).toBe(16 * 48 * 16 + 19 * 2048 + 2 * 19 * 19 * 16);
  });
});

describe('preset sizes', () => {
  // timm's VisionTransformer at 224 px, patch 16, RGB, with its 1000-class ImageNet head (how timm and the ViT /
  // DeiT papers report sizes): vit_tiny_patch16_224 5,717,416; vit_small_patch16_224 22,050,664;
  // vit_base_patch16_224 86,567,656; vit_large_patch16_224 304,326,632 (published as 5.7M / 22.1M / 86.6M / 304.3M).
  const TIMM = { tiny: 5_717_416, small: 22_050_664, base: 86_567_656, large: 304_326_632 } as const;

  it.each(Object.entries(TIMM))('%s/16 at 224 px with 3 channels has timm’s parameter count', (preset, published) => {
    const dims = VIT_PRESETS[preset as keyof typeof TIMM];
    const backbone = parameterCount(describeVit({ imageSize: 224, patchSize: 16, ...dims, inChannels: 3 }));
    const imagenetHead = dims.dim * 1000 + 1000;
    expect(Math.abs(backbone + imagenetHead - published) / published).toBeLessThan(0.01);
    expect(backbone + imagenetHead).toBe(published);
  });
});
