// Supervised-from-scratch baseline: the same ViT (seeded init) plus a linear classifier on the CLS feature,
// trained end to end with softmax cross-entropy, AdamW (warm-up then cosine, as DeiT) and light augmentation
// (flip, random resized crop 0.7–1 at full size). It runs once per fold and label fraction, so steps are
// data-parallel over worker threads and can be capped by a step budget.
import type { Rng } from '../../benchmarks/rng.ts';
import type { ResolvedExperiment } from '../../dsl/types.ts';
import { buildParamStore, denseSpecs } from '../model/param-specs.ts';
import type { VitConfig } from '../model/vit-config.ts';
import { VisionTransformer } from '../model/vit.ts';
import { autoReplicas, DataParallel } from './parallel/data-parallel.ts';
import { shardPositions, shareImages } from './parallel/replica.ts';
import { cosineSchedule } from './schedules.ts';
import { SupervisedReplica, type SupervisedReplicaInit, type SupervisedStep, type SupervisedUpdate } from './supervised-replica.ts';

export interface SupervisedOptions {
  images: readonly Float32Array[];
  labels: readonly number[];
  numClasses: number;
  /** ViT dimensions (its imageSize is the images' side). */
  config: VitConfig;
  settings: ResolvedExperiment['eval']['supervised'];
  rng: Rng;
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

export async function trainSupervised(options: SupervisedOptions): Promise<SupervisedModel> {
  const { images, labels, numClasses, config, settings, rng } = options;
  if (images.length !== labels.length) throw new Error(`${images.length} images but ${labels.length} labels`);
  const vit = VisionTransformer.create(config, rng.fork('backbone-init'), 'supervised-init');
  const head = buildParamStore('supervised-head-init', denseSpecs('head', config.dim, numClasses), rng.fork('head-init'));
  const init: SupervisedReplicaInit = {
    vit: config, numClasses, vitWeights: vit.toWeights(), headWeights: head.toWeights(),
    images: shareImages(images, config.imageSize), labels: [...labels], augmentSeed: rng.fork('augment').seed,
    weightDecay: WEIGHT_DECAY, clipGrad: CLIP_GRAD,
  };
  vit.dispose();
  head.dispose();
  const batchesPerEpoch = epochBatches(images.length, settings.batchSize, rng.fork('count')).length;
  const steps = Math.min(settings.epochs * batchesPerEpoch, options.maxSteps ?? Infinity);
  const lr = cosineSchedule({ base: settings.lr, final: 1e-6, totalSteps: steps, warmupSteps: Math.round(WARMUP_FRACTION * steps) });
  const local = new SupervisedReplica(init);
  const wanted = options.replicas === undefined || options.replicas === 'auto' ? autoReplicas() : options.replicas;
  const parallel = await DataParallel.start<SupervisedStep, number, SupervisedUpdate>('supervised', init, local, Math.min(wanted, settings.batchSize));
  const batchRng = rng.fork('batches');
  const recentLosses: number[] = [];
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
      recentLosses.push(loss);
      if (recentLosses.length > batchesPerEpoch) recentLosses.shift();
      options.onProgress?.(step + 1, steps, { loss });
    }
  } finally {
    await parallel.release();
  }
  return {
    steps,
    finalLoss: recentLosses.reduce((a, b) => a + b, 0) / Math.max(1, recentLosses.length),
    predictProba: (batch) => local.predictProba(batch),
    dispose: () => local.dispose(),
  };
}
