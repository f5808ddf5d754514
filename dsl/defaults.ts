// The one place defaults live. schema.json's "default" annotations are generated from this object,
// and a spec states only what differs. Values are sized so the default job fits a 2-core CPU; the
// OrthoFoundation paper values are given in comments where they differ.
import type { ResolvedExperiment } from './types.ts';

export type Defaults = Omit<ResolvedExperiment, 'name' | 'description'>;

export const DEFAULTS: Defaults = {
  seed: 0,
  data: {
    source: 'synthetic:kl-grade',
    imageSize: 64, // paper: 224
    synthetic: { patients: 240, imagesPerPatient: 2, labelNoise: 0.1 },
    dir: './data',
    format: 'auto',
    onInvalid: 'fail',
    window: 'file',
  },
  backbone: {
    preset: 'micro', // paper: ViT-L/16
    patchSize: 8,
    init: 'random',
    inputNorm: { mean: 0.5, std: 0.25 },
    registers: 0, // paper (DINOv3 ViT-L): 4
    layerScale: 0, // DINOv2: 1e-5
    dropPath: 0,
    inChannels: 1,
    initStrict: true,
    initFormat: 'auto',
  },
  pretrain: {
    method: 'dino',
    steps: 300, // paper: 100k
    batchSize: 32, // paper: 24
    crops: {
      global: { count: 2, size: 64, scale: [0.4, 1.0] }, // paper: 224 px
      local: { count: 8, size: 32, scale: [0.05, 0.4] }, // paper: 98 px
    },
    // Sized for 300 steps on the KL phantoms (measured, README "DINO at 300 steps"): with DINO's 0.996 / τ_t 0.04 /
    // centre 0.9 / K large, and also with τ_t 0.02 at lr 5e-4 or 1.5e-4, the teacher drifts to uniform (loss → ln K,
    // feature std → 0.02). A sharper teacher (τ_t 0.01), KoLeo 0.1 and a lower peak lr keep it healthy (teacher
    // entropy ≈ 3.2 of ln 256 = 5.5, feature std 0.084 ≈ 1/√128).
    ema: { start: 0.99, end: 1.0, schedule: 'cosine' }, // paper: 0.996
    teacherTemperature: { start: 0.01, end: 0.01, warmupSteps: 0 }, // paper: 0.04
    studentTemperature: 0.1,
    centerMomentum: 0.8, // paper: 0.9
    koleoWeight: 0.1, // DINO v1: 0; DINOv2: 0.1
    head: { hiddenDim: 512, bottleneckDim: 128, outDim: 256 }, // paper: 2048, 256, 65536
    optimizer: {
      name: 'adamw', lr: 1.5e-4, minLr: 1e-6, weightDecay: 0.04, warmupSteps: 30, clipGrad: 3.0, // paper lr: 5e-4 per 256 images
      weightDecayEnd: 'same', // DINO: 0.4
      lrScaling: 'none', // DINO v1: 'linear-256'
    },
    logEvery: 10,
    freezeLastLayerSteps: 'epoch', // DINO: 1 epoch
    checkpointEvery: 50,
    // a uniform-collapsed run sits within ~0.03 nats of ln K; random-init micro features have std ≈ 0.01
    collapse: { action: 'warn', epsilon: 0.05, minFeatureStd: 1e-3, patience: 5 },
    centering: 'centering', // DINOv2: 'sinkhorn-knopp'
    ibot: { weight: 0, maskRatio: [0.1, 0.5], maskProbability: 0.5, headSharing: true }, // DINOv2: weight 1
    pool: { mriShare: 'natural' }, // the pooled images as they come
  },
  tasks: ['kl-grade'],
  eval: {
    protocols: ['linear-probe'],
    folds: 5,
    labelFractions: [0.25, 0.5, 1.0],
    baselines: ['random-init', 'supervised'],
    // dinov2 sweeps the probe's regularisation on held-out data; a fixed λ suits neither every feature size nor every N
    probe: { l2: 1e-3, l2Grid: [1e-4, 1e-3, 1e-2, 1e-1, 1], validationFraction: 0.2, maxIter: 300 },
    knn: { k: 20, temperature: 0.07 },
    supervised: { epochs: 10, batchSize: 32, lr: 1e-3 },
    examPooling: 'mean',
    // paper (BEiT/DINOv2 recipes): ~100 epochs, layer decay 0.65–0.75, label smoothing 0.1
    fineTune: { epochs: 10, batchSize: 32, lr: 5e-4, layerDecay: 0.75, labelSmoothing: 0, patience: 3, validationFraction: 0.2 },
  },
  stats: { alpha: 0.05, bootstrap: 2000, confidence: 0.95, nonInferiorityMargin: 0.02 },
  tracking: { uri: './mlruns', experiment: '' },
  gates: [],
  select: { candidates: [], estimators: ['logme', 'nleep', 'sfda', 'parc', 'ped', 'itm'], task: '', measure: 'linear-probe' },
  runtime: { backend: 'auto' },
};
