import { describe, expect, it } from 'vitest';
import { ASSUMED_GFLOP_PER_SECOND, ASSUMED_MANIFEST_IMAGES, estimateJobCost, planJobs, VIT_PRESETS, vitForwardFlops } from '../../dsl/index.ts';

describe('vitForwardFlops', () => {
  it('matches the published ViT-B/16 cost at 224 px (17.6 GMAC ≈ 35.1 GFLOP, fvcore/timm) within 2%', () => {
    const flops = vitForwardFlops(VIT_PRESETS.base, 224, 16);
    expect(Math.abs(flops / 35.1e9 - 1)).toBeLessThan(0.02);
  });

  it('uses 24·dim² + 4·tokens·dim per token per block at mlpRatio 4', () => {
    // ViT-S/16 at 64 px: tokens = (64/16)² + 1 = 17; 12 blocks; dim 384.
    expect(vitForwardFlops(VIT_PRESETS.small, 64, 16)).toBe(12 * 17 * (24 * 384 ** 2 + 4 * 17 * 384));
  });
});

describe('estimateJobCost', () => {
  // Hand-worked example. nano: dim 64, depth 4, mlpRatio 2 → (8 + 4·2)·64² = 65 536 FLOPs per token per block
  // before attention. 32 px / patch 8: 17 tokens → 17·4·(65 536 + 4·17·64) = 4 752 384.
  // 16 px: 5 tokens → 5·4·(65 536 + 4·5·64) = 1 336 320. Head: 2·(64·16 + 16·16 + 16·8 + 8·32) = 3 328.
  // Per image: student 3·(2·4 755 712 + 2·1 339 648) = 36 572 160; teacher 2·4 755 712 = 9 511 424.
  // Pretraining: 10 steps · 4 images · 46 083 584 = 1 843 343 360 FLOPs.
  // Evaluation on 10·2 = 20 images: features 2 passes · 20 · 4 752 384 = 190 095 360; supervised: 2 folds ·
  // 3 epochs · (round(10·0.5) + round(10·1)) images · 3 · 4 752 384 = 1 283 143 680. Sum 1 473 239 040.
  const [job] = planJobs({
    name: 'cost-example',
    data: { imageSize: 32, synthetic: { patients: 10, imagesPerPatient: 2 } },
    backbone: { preset: 'nano', patchSize: 8 },
    pretrain: {
      steps: 10,
      batchSize: 4,
      crops: { global: { count: 2, size: 32 }, local: { count: 2, size: 16 } },
      head: { hiddenDim: 16, bottleneckDim: 8, outDim: 32 },
    },
    eval: { folds: 2, labelFractions: [0.5, 1.0], supervised: { epochs: 3 } },
  });

  it('matches the hand-worked FLOP counts', () => {
    const cost = estimateJobCost(job);
    expect(cost.pretrainGflop).toBeCloseTo(1.84334336, 9);
    expect(cost.evalGflop).toBeCloseTo(1.47323904, 9);
    expect(cost.totalGflop).toBeCloseTo(3.3165824, 9);
    expect(cost.totalSeconds).toBeCloseTo(3.3165824 / ASSUMED_GFLOP_PER_SECOND, 9);
    expect(cost).toMatchObject({ datasetImages: 20, datasetImagesKnown: true });
  });

  it('drops pretraining for method none and the extra feature pass without the random-init baseline', () => {
    const [plain] = planJobs({ name: 'x', pretrain: { method: 'none' }, eval: { baselines: [] } });
    const cost = estimateJobCost(plain);
    expect(cost.pretrainGflop).toBe(0);
    const images = 240 * 2;
    expect(cost.evalGflop).toBeCloseTo((images * vitForwardFlops(VIT_PRESETS.micro, 64, 8)) / 1e9, 9);
  });

  it('assumes a dataset size for manifest sources unless told', () => {
    const [manifest] = planJobs({ name: 'x', data: { source: './data/oai' } });
    expect(estimateJobCost(manifest)).toMatchObject({ datasetImages: ASSUMED_MANIFEST_IMAGES, datasetImagesKnown: false });
    expect(estimateJobCost(manifest, { datasetImages: 5000 })).toMatchObject({ datasetImages: 5000, datasetImagesKnown: true });
  });
});
