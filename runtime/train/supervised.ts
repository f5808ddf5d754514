// Supervised training of the ViT plus a linear classifier on the CLS feature, end to end with softmax cross-entropy,
// AdamW (warm-up then cosine, as DeiT) and light augmentation (flip, random resized crop 0.7–1 at full size). From a
// seeded init it is the supervised-from-scratch baseline; from given backbone weights, with layer-wise lr decay,
// label smoothing and early stopping on a validation set, it is full fine-tuning (./finetune.ts). It runs once per
// fold and label fraction, so steps are data-parallel over worker threads and can be capped by a step budget.
import type { Rng } from '../../benchmarks/rng.ts';
import { logLoss } from '../../benchmarks/probe/l2-grid.ts';
import type { ResolvedExperiment } from '../../dsl/types.ts';
import { buildParamStore, denseSpecs } from '../model/param-specs.ts';
import type { VitConfig } from '../model/vit-config.ts';
import { VisionTransformer } from '../model/vit.ts';
import type { WeightMap } from '../model/weights.ts';
import { EarlyStopping } from './finetune-early-stopping.ts';
import { autoReplicas, DataParallel } from './parallel/data-parallel.ts';
import { shardPositions, shareImages } from './parallel/replica.ts';
import { cosineSchedule } from './schedules.ts';
import {
  SupervisedReplica, type SupervisedReplicaInit, type SupervisedStep, type SupervisedUpdate, type SupervisedWeights,
} from './supervised-replica.ts';

export interface SupervisedOptions {
  images: readonly Float32Array[];
  labels: readonly number[];
  numClasses: number;
  /** ViT dimensions (its imageSize is the images' side). */
  config: VitConfig;
  settings: ResolvedExperiment['eval']['supervised'];
  rng: Rng;
  /** Start from these backbone weights (fine-tuning) instead of a seeded init. */
  backbone?: WeightMap;
  /** Layer-wise lr decay, lr × decay^(depth + 1 − layer); 1 (default) trains every layer at the same rate. */
  layerDecay?: number;
  /** Label smoothing ε (default 0). */
  labelSmoothing?: number;
  /** Early stopping: validation loss after every epoch; the best epoch's weights are the ones returned. */
  validation?: { images: readonly Float32Array[]; labels: readonly number[]; patience: number };
  /** Upper bound on optimiser steps (the epoch count is cut to fit). */
  maxSteps?: number;
  /** Data-parallel replicas (threads); 'auto' (default) uses one per core, up to 2. */
  replicas?: number | 'auto';
  onProgress?: (step: number, steps: number, info?: Record<string, number>) => void;
}

export interface SupervisedModel {
  /** Optimiser steps actually taken. */
  steps: number;
  /** Mean training loss of the last epoch's steps. */
  finalLoss: number;
  /** Epochs run (fewer than settings.epochs when early stopping or maxSteps ended training). */
  epochs: number;
  /** Validation log-loss after each epoch (empty without a validation set). */
  validationLosses: number[];
  /** 1-based epoch whose weights the model holds: the best validation epoch, else the last. */
  keptEpoch: number;
  /** Class probabilities per image (rows sum to 1). */
  predictProba(images: readonly Float32Array[]): Promise<number[][]>;
  dispose(): void;
}

const WEIGHT_DECAY = 0.05;
const WARMUP_FRACTION = 0.1;
const CLIP_GRAD = 3.0;

function epochBatches(n: number, batchSize: number, rng: Rng): number[][] {
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  const batches: number[][] = [];
  for (let i = 0; i < n; i += batchSize) batches.push(order.slice(i, i + batchSize));
  // a trailing batch of one gives a degenerate gradient estimate; fold it into the previous one
  if (batches.length > 1 && batches[batches.length - 1].length < 2) batches[batches.length - 2].push(...batches.pop()!);
  return batches;
}

function replicaInit(options: SupervisedOptions): SupervisedReplicaInit {
  const { images, labels, numClasses, config, rng } = options;
  if (images.length !== labels.length) throw new Error(`${images.length} images but ${labels.length} labels`);
  const vit = options.backbone
    ? VisionTransformer.fromWeights(config, options.backbone, 'finetune-init')
    : VisionTransformer.create(config, rng.fork('backbone-init'), 'supervised-init');
  const head = buildParamStore('supervised-head-init', denseSpecs('head', config.dim, numClasses), rng.fork('head-init'));
  const init: SupervisedReplicaInit = {
    vit: config, numClasses, vitWeights: vit.toWeights(), headWeights: head.toWeights(),
    images: shareImages(images, config.imageSize), labels: [...labels], augmentSeed: rng.fork('augment').seed,
    weightDecay: WEIGHT_DECAY, clipGrad: CLIP_GRAD, layerDecay: options.layerDecay ?? 1, labelSmoothing: options.labelSmoothing ?? 0,
  };
  vit.dispose();
  head.dispose();
  return init;
}

export async function trainSupervised(options: SupervisedOptions): Promise<SupervisedModel> {
  const { images, settings, rng, validation } = options;
  const init = replicaInit(options);
  const batchesPerEpoch = epochBatches(images.length, settings.batchSize, rng.fork('count')).length;
  const steps = Math.min(settings.epochs * batchesPerEpoch, options.maxSteps ?? Infinity);
  const lr = cosineSchedule({ base: settings.lr, final: 1e-6, totalSteps: steps, warmupSteps: Math.round(WARMUP_FRACTION * steps) });
  const local = new SupervisedReplica(init);
  const wanted = options.replicas === undefined || options.replicas === 'auto' ? autoReplicas() : options.replicas;
  const parallel = await DataParallel.start<SupervisedStep, number, SupervisedUpdate>('supervised', init, local, Math.min(wanted, settings.batchSize));
  const batchRng = rng.fork('batches');
  const recentLosses: number[] = [];
  const validationLosses: number[] = [];
  const stopping = validation ? new EarlyStopping(validation.patience) : undefined;
  let best: SupervisedWeights | undefined;
  let taken = 0;
  try {
    let queue: number[][] = [];
    for (let step = 0; step < steps; step++) {
      if (queue.length === 0) queue = epochBatches(images.length, settings.batchSize, batchRng);
      const indices = queue.shift()!;
      const shards = shardPositions(indices.length, Math.min(parallel.size, indices.length))
        .map((positions) => ({ step, positions, indices: positions.map((p) => indices[p]), batchSize: indices.length }));
      while (shards.length < parallel.size) shards.push({ step, positions: [], indices: [], batchSize: indices.length });
      const loss = (await parallel.step(shards)).reduce((a, b) => a + b, 0);
      parallel.apply({ lr: lr[step] });
      taken = step + 1;
      recentLosses.push(loss);
      if (recentLosses.length > batchesPerEpoch) recentLosses.shift();
      options.onProgress?.(step + 1, steps, { loss });
      const epochEnds = queue.length === 0 || step === steps - 1;
      if (validation && stopping && epochEnds) {
        const validationLoss = logLoss(await local.predictProba(validation.images), validation.labels);
        validationLosses.push(validationLoss);
        const verdict = stopping.observe(validationLoss);
        if (verdict.improved) best = local.snapshot();
        if (verdict.stop) break;
      }
    }
  } finally {
    await parallel.release();
  }
  if (best) local.restore(best);
  const epochs = Math.ceil(taken / batchesPerEpoch);
  return {
    steps: taken,
    finalLoss: recentLosses.reduce((a, b) => a + b, 0) / Math.max(1, recentLosses.length),
    epochs,
    validationLosses,
    keptEpoch: best && stopping ? stopping.bestEpoch : epochs,
    predictProba: (batch) => local.predictProba(batch),
    dispose: () => local.dispose(),
  };
}
