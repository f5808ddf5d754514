// `bench plan`'s evaluation estimate with every protocol: features, k-NN, supervised baseline and fine-tuning,
// checked against FLOP counts worked by hand (the nano example of tests/dsl/cost.test.ts, extended).
import { describe, expect, it } from 'vitest';
import { ASSUMED_GFLOP_PER_SECOND, estimateJobCost, planJobs } from '../../dsl/index.ts';
import type { ExperimentSpec } from '../../dsl/types.ts';

// nano (dim 64, depth 4, mlpRatio 2) at 32 px with patch 8: 17 tokens → forward 17·4·(65 536 + 4·17·64) = 4 752 384.
// 10 patients × 2 images = 20 images per task; 2 folds → 10 training images per fold; fractions 0.5 and 1 →
// L = round(10·0.5) + round(10·1) = 15 labelled images per fold, summed over fractions.
const FORWARD = 4_752_384;
const spec = (tasks: string[], protocols: Array<'linear-probe' | 'knn' | 'fine-tune'>): ExperimentSpec => ({
  name: 'cost-protocols',
  tasks,
  data: { imageSize: 32, synthetic: { patients: 10, imagesPerPatient: 2 } },
  backbone: { preset: 'nano', patchSize: 8 },
  pretrain: { method: 'none' },
  eval: { protocols, folds: 2, labelFractions: [0.5, 1.0], baselines: ['random-init', 'supervised'], supervised: { epochs: 3 }, fineTune: { epochs: 4 } },
});

describe('estimateJobCost with k-NN and fine-tuning', () => {
  it('adds each protocol at the hand-worked FLOP count', () => {
    const [job] = planJobs(spec(['kl-grade'], ['linear-probe', 'knn', 'fine-tune']));
    const cost = estimateJobCost(job);
    // features: 2 backbones · 20 images · 4 752 384 = 190 095 360
    expect(cost.evalParts.features * 1e9).toBeCloseTo(190_095_360, 0);
    // k-NN: 2 backbones · 2·64 FLOPs · 20 test images (over both folds) · 15 labelled = 76 800
    expect(cost.evalParts.knn * 1e9).toBeCloseTo(76_800, 3);
    // supervised: 2 folds · 3 epochs · 15 · 3 · 4 752 384 = 1 283 143 680
    expect(cost.evalParts.supervised * 1e9).toBeCloseTo(1_283_143_680, 0);
    // fine-tune: epochs × folds × fractions' labelled images × 3 × forward = 4 · 2 · 15 · 3 · 4 752 384 = 1 710 858 240
    expect(cost.evalParts.fineTune * 1e9).toBeCloseTo(1_710_858_240, 0);
    expect(FORWARD * 2 * 4 * 15 * 3).toBe(1_710_858_240);
    expect(cost.evalGflop).toBeCloseTo((190_095_360 + 76_800 + 1_283_143_680 + 1_710_858_240) / 1e9, 12);
    expect(cost.pretrainGflop).toBe(0);
    expect(cost.totalSeconds).toBeCloseTo(cost.totalGflop / 38, 12);
  });

  it('leaves out the protocols a spec does not run, and counts each task data set', () => {
    const [probeOnly] = planJobs(spec(['kl-grade'], ['linear-probe']));
    expect(estimateJobCost(probeOnly).evalParts).toMatchObject({ knn: 0, fineTune: 0 });
    const [twoTasks] = planJobs(spec(['kl-grade', 'kl-grade-4y'], ['knn', 'fine-tune']));
    const parts = estimateJobCost(twoTasks).evalParts;
    expect(parts.features * 1e9).toBeCloseTo(2 * 190_095_360, 0);
    expect(parts.knn * 1e9).toBeCloseTo(2 * 76_800, 3);
    expect(parts.fineTune * 1e9).toBeCloseTo(2 * 1_710_858_240, 0);
  });

  it('assumes the measured 38 GFLOP/s of the 2-thread WASM DINO step', () => {
    expect(ASSUMED_GFLOP_PER_SECOND).toBe(38);
  });
});
