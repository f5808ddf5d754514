// Kellgren–Lawrence grading on knee radiographs: DINO-pretrain a small ViT on the (unlabelled) images,
// then compare its frozen features with a random-init ViT and a supervised-from-scratch ViT under
// 5-fold patient-grouped cross-validation at 25/50/100% labels. Runs on embedded defaults (synthetic
// phantoms, WASM, MLflow file store in ./mlruns) in about 15 minutes on 2 CPU cores.
import { defineExperiment } from '../dsl/index.ts';

export default defineExperiment({
  name: 'kl-grading',
  description: 'KL grade (5 classes) — DINO-pretrained ViT vs random-init and supervised baselines, linear probe.',
  tasks: ['kl-grade'],
  profiles: {
    // A < 60 s end-to-end check of every stage (used by the test suite).
    smoke: {
      data: { synthetic: { patients: 40, imagesPerPatient: 2 }, imageSize: 32 },
      backbone: { preset: 'nano' },
      pretrain: {
        steps: 6,
        batchSize: 8,
        crops: { global: { size: 32 }, local: { count: 2, size: 16 } },
        head: { hiddenDim: 64, bottleneckDim: 32, outDim: 64 },
        optimizer: { warmupSteps: 2 },
        logEvery: 2,
      },
      eval: { folds: 2, labelFractions: [0.5, 1.0], supervised: { epochs: 1 } },
      stats: { bootstrap: 200 },
    },
  },
});
