// Rough compute estimate of a job, for planning: ViT forward FLOPs from the preset's dimensions
// (per token per block ≈ (8 + 4·mlpRatio)·dim² + 4·tokens·dim, i.e. the usual 24·dim² at mlpRatio 4;
// patch embedding, norms, softmax and the linear probe's L-BFGS are ignored as small), training ≈ 3× forward,
// for pretraining and for every evaluation protocol (features, k-NN, supervised baseline, fine-tuning).
import { VIT_PRESETS } from './presets.ts';
import type { VitDims } from './presets.ts';
import type { Job } from './plan.ts';

/**
 * Assumed effective throughput in GFLOP/s: the default DINO step measured on the 2-thread WASM path of a quiet
 * 2-core CPU (README "Measured figures": 38–42 GFLOP/s, `npx tsx scripts/bench-train.ts`; the supervised ViT step,
 * 0.174 s at batch 32, is ≈ 42 GFLOP/s by vitForwardFlops). The low end is taken; cores shared with other work,
 * data loading and non-matmul kernels make real runs slower (the default job took 829 s against ≈ 480 s
 * estimated). Treat the resulting times as order-of-magnitude.
 */
export const ASSUMED_GFLOP_PER_SECOND = 38;

/** Labelled images assumed for a manifest source whose size is not given. */
export const ASSUMED_MANIFEST_IMAGES = 1000;

/** The evaluation estimate by part, in GFLOP. */
export interface EvalCostParts {
  /** Frozen features: one forward pass per task dataset for the pretrained backbone, one for random-init. */
  features: number;
  /** Cosine similarities of each test sample to each labelled training sample, per backbone. */
  knn: number;
  supervised: number;
  fineTune: number;
}

export interface JobCost {
  pretrainGflop: number;
  evalGflop: number;
  evalParts: EvalCostParts;
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
  const parts = evaluationFlops(job, images);
  const evalFlops = parts.features + parts.knn + parts.supervised + parts.fineTune;
  const gflop = (flops: number) => flops / 1e9;
  const seconds = (flops: number) => gflop(flops) / ASSUMED_GFLOP_PER_SECOND;
  return {
    pretrainGflop: gflop(pretrainFlops),
    evalGflop: gflop(evalFlops),
    evalParts: { features: gflop(parts.features), knn: gflop(parts.knn), supervised: gflop(parts.supervised), fineTune: gflop(parts.fineTune) },
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
 * Per task (each task has its own data set of `images`), with L = Σ over label fractions of the labelled
 * training images of one fold, round(images·(folds − 1)/folds · fraction):
 * - features: one forward pass for the pretrained backbone and one for random-init when that baseline is listed;
 * - k-NN (protocol knn): 2·dim FLOPs per (test, labelled training) pair, per frozen backbone: summed over folds,
 *   2·dim·images·L;
 * - supervised baseline: folds · epochs · L training passes (3× forward);
 * - fine-tuning (protocol fine-tune): likewise folds · fineTune.epochs · L · 3× forward. Early stopping may end
 *   sooner and the inner validation split trains on fewer images, so this is an upper bound.
 */
function evaluationFlops(job: Job, images: number): EvalCostParts {
  const { eval: evaluation, backbone, data, tasks } = job.spec;
  const dims = VIT_PRESETS[backbone.preset];
  const forward = vitForwardFlops(dims, data.imageSize, backbone.patchSize);
  const frozenBackbones = 1 + (evaluation.baselines.includes('random-init') ? 1 : 0);
  const trainImages = (images * (evaluation.folds - 1)) / evaluation.folds;
  const labelledPerFold = evaluation.labelFractions.reduce((sum, fraction) => sum + Math.round(trainImages * fraction), 0);
  const training = (epochs: number) => tasks.length * evaluation.folds * epochs * labelledPerFold * 3 * forward;
  const protocols = evaluation.protocols;
  return {
    features: tasks.length * frozenBackbones * images * forward,
    knn: protocols.includes('knn') ? tasks.length * frozenBackbones * 2 * dims.dim * images * labelledPerFold : 0,
    supervised: evaluation.baselines.includes('supervised') ? training(evaluation.supervised.epochs) : 0,
    fineTune: protocols.includes('fine-tune') ? training(evaluation.fineTune.epochs) : 0,
  };
}

function datasetImages(job: Job, options: CostOptions): { images: number; known: boolean } {
  const { data } = job.spec;
  if (data.source.startsWith('synthetic:')) return { images: data.synthetic.patients * data.synthetic.imagesPerPatient, known: true };
  if (options.datasetImages !== undefined) return { images: options.datasetImages, known: true };
  return { images: ASSUMED_MANIFEST_IMAGES, known: false };
}
