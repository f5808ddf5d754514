// Rough compute estimate of a job, for planning: ViT forward FLOPs from the preset's dimensions
// (per token per block ≈ (8 + 4·mlpRatio)·dim² + 4·tokens·dim, i.e. the usual 24·dim² at mlpRatio 4;
// patch embedding, norms, softmax and the linear probe's L-BFGS are ignored as small), training ≈ 3× forward.
import { VIT_PRESETS } from './presets.ts';
import type { VitDims } from './presets.ts';
import type { Job } from './plan.ts';

/**
 * Assumed effective throughput in GFLOP/s: a rough figure for TensorFlow.js on WASM on a 2-core CPU
 * (a ViT-tiny DINO step measured here reached ≈ 12 GFLOP/s at best; data loading, augmentation and
 * non-matmul kernels lower the sustained rate). Treat the resulting times as order-of-magnitude.
 */
export const ASSUMED_GFLOP_PER_SECOND = 8;

/** Labelled images assumed for a manifest source whose size is not given. */
export const ASSUMED_MANIFEST_IMAGES = 1000;

export interface JobCost {
  pretrainGflop: number;
  evalGflop: number;
  totalGflop: number;
  /** Estimated wall time at ASSUMED_GFLOP_PER_SECOND. */
  pretrainSeconds: number;
  evalSeconds: number;
  totalSeconds: number;
  /** Labelled images the evaluation estimate assumes. */
  datasetImages: number;
  /** False when `datasetImages` is ASSUMED_MANIFEST_IMAGES rather than known. */
  datasetImagesKnown: boolean;
}

export interface CostOptions {
  /** Size of a manifest dataset, when the caller knows it (synthetic sizes come from the spec). */
  datasetImages?: number;
}

/** Forward FLOPs of the ViT backbone on one square image or crop of `size` pixels. */
export function vitForwardFlops(dims: VitDims, size: number, patchSize: number): number {
  const tokens = (size / patchSize) ** 2 + 1; // patches + CLS
  const perTokenPerBlock = (8 + 4 * dims.mlpRatio) * dims.dim ** 2 + 4 * tokens * dims.dim;
  return dims.depth * tokens * perTokenPerBlock;
}

export function estimateJobCost(job: Job, options: CostOptions = {}): JobCost {
  const pretrainFlops = pretrainingFlops(job);
  const { images, known } = datasetImages(job, options);
  const evalFlops = evaluationFlops(job, images);
  const gflop = (flops: number) => flops / 1e9;
  const seconds = (flops: number) => gflop(flops) / ASSUMED_GFLOP_PER_SECOND;
  return {
    pretrainGflop: gflop(pretrainFlops),
    evalGflop: gflop(evalFlops),
    totalGflop: gflop(pretrainFlops + evalFlops),
    pretrainSeconds: seconds(pretrainFlops),
    evalSeconds: seconds(evalFlops),
    totalSeconds: seconds(pretrainFlops + evalFlops),
    datasetImages: images,
    datasetImagesKnown: known,
  };
}

/** Per image: the student trains on every crop (3× forward), the teacher sees the global crops forward-only. */
function pretrainingFlops(job: Job): number {
  const { pretrain, backbone } = job.spec;
  if (pretrain.method === 'none') return 0;
  const dims = VIT_PRESETS[backbone.preset];
  const view = (size: number) => vitForwardFlops(dims, size, backbone.patchSize) + headForwardFlops(job, dims.dim);
  const globals = pretrain.crops.global.count * view(pretrain.crops.global.size);
  const locals = pretrain.crops.local.count * view(pretrain.crops.local.size);
  const perImage = 3 * (globals + locals) + globals;
  return pretrain.steps * pretrain.batchSize * perImage;
}

/** The DINO projection head on the CLS token: dim → hidden → hidden → bottleneck → K. */
function headForwardFlops(job: Job, dim: number): number {
  const { hiddenDim, bottleneckDim, outDim } = job.spec.pretrain.head;
  return 2 * (dim * hiddenDim + hiddenDim * hiddenDim + hiddenDim * bottleneckDim + bottleneckDim * outDim);
}

/**
 * Features: one forward pass over the dataset for the pretrained backbone and one for the random-init
 * baseline (twice with the default baselines). Supervised baseline: for each task, fold and label
 * fraction, `epochs` training passes (3× forward) over that fraction of the training folds.
 */
function evaluationFlops(job: Job, images: number): number {
  const { eval: evaluation, backbone, data, tasks } = job.spec;
  const forward = vitForwardFlops(VIT_PRESETS[backbone.preset], data.imageSize, backbone.patchSize);
  const featurePasses = 1 + (evaluation.baselines.includes('random-init') ? 1 : 0);
  let flops = featurePasses * images * forward;
  if (evaluation.baselines.includes('supervised')) {
    const trainImages = (images * (evaluation.folds - 1)) / evaluation.folds;
    const labelledPerFold = evaluation.labelFractions.reduce((sum, fraction) => sum + Math.round(trainImages * fraction), 0);
    flops += tasks.length * evaluation.folds * evaluation.supervised.epochs * labelledPerFold * 3 * forward;
  }
  return flops;
}

function datasetImages(job: Job, options: CostOptions): { images: number; known: boolean } {
  const { data } = job.spec;
  if (data.source.startsWith('synthetic:')) return { images: data.synthetic.patients * data.synthetic.imagesPerPatient, known: true };
  if (options.datasetImages !== undefined) return { images: options.datasetImages, known: true };
  return { images: ASSUMED_MANIFEST_IMAGES, known: false };
}
