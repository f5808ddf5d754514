// The 14-task OrthoFoundation benchmark on synthetic phantoms: one DINO backbone pretrained on the pooled
// X-ray and MRI images of every task, then evaluated per task against the random-init and supervised baselines.
import { defineExperiment } from '../dsl/index.ts';

export default defineExperiment({
  name: 'all-tasks',
  description: 'All 14 musculoskeletal tasks (KL, prognosis, TKR; knee, hip, shoulder and ankle MRI) on phantoms.',
  tasks: [
    'kl-grade', 'kl-grade-4y', 'kl-grade-8y', 'tkr',
    'acl-tear', 'pcl-tear', 'mcl-tear', 'meniscus-tear', 'cartilage-lesion', 'bone-contusion',
    'hip-labrum-tear', 'shoulder-cuff-tear', 'ankle-atfl-tear', 'ankle-cfl-tear',
  ],
  data: { synthetic: { patients: 120 } },
  eval: { labelFractions: [1.0] },
  profiles: {
    smoke: {
      data: { synthetic: { patients: 30 }, imageSize: 32 },
      backbone: { preset: 'nano' },
      pretrain: {
        steps: 4,
        batchSize: 8,
        crops: { global: { size: 32 }, local: { count: 2, size: 16 } },
        head: { hiddenDim: 64, bottleneckDim: 32, outDim: 64 },
        logEvery: 2,
      },
      eval: { folds: 2, supervised: { epochs: 1 } },
      stats: { bootstrap: 200 },
    },
  },
});
