// DINO self-supervised pretraining of a ViT (Caron et al. 2021; facebookresearch/dino `main_dino.py`): the
// student sees every global and local crop, the teacher (EMA of the student, no gradients) the global crops;
// the loss distils the centred, sharpened teacher into the student. Features for evaluation come from the
// teacher backbone, as in DINO. Steps run data-parallel over worker threads (see parallel/). Deviations:
// constant weight decay (DINO ramps 0.04 → 0.4), and the centre starts at the first batch's teacher mean.
import type { Rng } from '../../benchmarks/rng.ts';
import type { ResolvedExperiment } from '../../dsl/types.ts';
import { DinoHead } from '../model/dino-head.ts';
import { vitConfigFrom } from '../model/vit-config.ts';
import { VisionTransformer } from '../model/vit.ts';
import { BatchSampler } from './batch-sampler.ts';
import { DinoReplica, normalisedFeatureStd, type DinoShardResult, type DinoStep, type DinoUpdate } from './dino-replica.ts';
import { autoReplicas, DataParallel } from './parallel/data-parallel.ts';
import { shardPositions, shareImages } from './parallel/replica.ts';
import { pretrainSchedules } from './schedules.ts';
import type { TrainingLogEntry } from '../../dsl/results.ts';

/** One logged step: the results contract's training-log entry (teacher entropy ≈ ln K means uniform collapse). */
export type DinoLogEntry = TrainingLogEntry;

export interface PretrainDinoOptions {
  images: readonly Float32Array[];
  imageSize: number;
  /**
   * The student to train (taken over: its weights seed the run and it is disposed), or a backbone spec from
   * which a seeded ViT is built with `rng.fork('backbone-init')`.
   */
  backbone: VisionTransformer | ResolvedExperiment['backbone'];
  pretrain: ResolvedExperiment['pretrain'];
  rng: Rng;
  /** Data-parallel replicas (threads); 'auto' (default) uses one per core, up to 2. Results do not depend on it beyond float rounding. */
  replicas?: number | 'auto';
  onLog?: (entry: DinoLogEntry) => void;
  /** Called after every step; `info` holds the latest loss and throughput for progress displays. */
  onProgress?: (step: number, steps: number, info?: Record<string, number>) => void;
}

export interface PretrainDinoResult {
  teacher: VisionTransformer;
  student: VisionTransformer;
  log: DinoLogEntry[];
  /** Replicas that actually ran, and why workers were not used when fewer than asked. */
  replicas: number;
  fallbackReason?: string;
}

/** DINO's `freeze_last_layer = 1`: the prototypes are not updated during the first epoch. */
const FROZEN_EPOCHS = 1;

function combineCenter(results: DinoShardResult[], rows: number): Float32Array {
  const mean = new Float32Array(results[0].teacherSum.length);
  for (const r of results) for (let k = 0; k < mean.length; k++) mean[k] += r.teacherSum[k];
  for (let k = 0; k < mean.length; k++) mean[k] /= rows;
  return mean;
}

function concatFeatures(results: DinoShardResult[]): Float32Array {
  const parts = results.map((r) => r.features ?? new Float32Array(0));
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export async function pretrainDino(options: PretrainDinoOptions): Promise<PretrainDinoResult> {
  const { images, imageSize, pretrain: spec, rng } = options;
  const initial = options.backbone instanceof VisionTransformer
    ? options.backbone
    : VisionTransformer.create(vitConfigFrom(options.backbone, imageSize), rng.fork('backbone-init'), 'student');
  const config = initial.config;
  if (config.imageSize !== imageSize) throw new Error(`backbone built for ${config.imageSize}px images, data is ${imageSize}px`);
  if (spec.method === 'none' || spec.steps === 0) {
    return { teacher: initial.clone('teacher'), student: initial, log: [], replicas: 1 };
  }
  if (images.length < spec.batchSize) throw new Error(`DINO needs at least batchSize=${spec.batchSize} images, got ${images.length}`);

  const headConfig = { inDim: config.dim, ...spec.head };
  const head = DinoHead.create(headConfig, rng.fork('head-init'), 'init-head');
  const init = {
    vit: config, head: headConfig, studentWeights: initial.toWeights(), headWeights: head.toWeights(),
    pretrain: spec, images: shareImages(images, imageSize), augmentSeed: rng.fork('augment').seed,
  };
  head.dispose();
  initial.dispose();
  const local = new DinoReplica(init);
  const wanted = options.replicas === undefined || options.replicas === 'auto' ? autoReplicas() : options.replicas;
  const parallel = await DataParallel.start<DinoStep, DinoShardResult, DinoUpdate>('dino', init, local, Math.min(wanted, spec.batchSize));
  try {
    const log = await runSteps(options, parallel, local, images.length);
    const sums = await parallel.checksums();
    if (sums.some((s) => s !== sums[0])) throw new Error(`data-parallel replicas diverged (checksums ${sums.join(', ')})`);
    const { student, teacher } = local.releaseBackbones();
    return { teacher, student, log, replicas: parallel.size, fallbackReason: parallel.fallbackReason };
  } catch (error) {
    local.dispose();
    throw error;
  } finally {
    await parallel.release();
  }
}

/**
 * Starts the centre at the teacher's mean output on the first batch instead of 0. DINO starts from 0 but
 * warms the learning rate up over 10 epochs, by which time the centre has converged; in a few hundred steps
 * the student would otherwise first learn the un-centred common mode (all images → same prototypes), which
 * drives uniform collapse (measured here: feature std 0.012 → 0.002 in 30 steps).
 */
async function primeCenter(
  parallel: DataParallel<DinoStep, DinoShardResult, DinoUpdate>, indices: number[], spec: PretrainDinoOptions['pretrain'], teacherTemp: number,
): Promise<void> {
  const shards = shardPositions(indices.length, parallel.size).map((positions) => ({
    step: -1, positions, indices: positions.map((p) => indices[p]), batchSize: indices.length, teacherTemp, diagnostics: false, teacherOnly: true,
  }));
  const results = await parallel.step(shards);
  parallel.apply({
    optimize: false, centerMomentum: 0, lr: 0, weightDecay: 0, momentum: 1, freezeLastLayer: true,
    teacherMean: combineCenter(results, spec.crops.global.count * indices.length),
  });
}

async function runSteps(
  options: PretrainDinoOptions, parallel: DataParallel<DinoStep, DinoShardResult, DinoUpdate>, local: DinoReplica, datasetSize: number,
) {
  const { pretrain: spec, rng } = options;
  const schedules = pretrainSchedules(spec);
  const sampler = new BatchSampler(datasetSize, spec.batchSize, rng.fork('batches'));
  const frozenSteps = FROZEN_EPOCHS * Math.floor(datasetSize / spec.batchSize);
  const globalRows = spec.crops.global.count * spec.batchSize;
  const log: DinoLogEntry[] = [];
  await primeCenter(parallel, sampler.peek(), spec, schedules.teacherTemp[0]);
  for (let step = 0; step < spec.steps; step++) {
    const started = performance.now();
    const indices = sampler.next();
    const diagnostics = step % spec.logEvery === 0 || step === spec.steps - 1;
    const shards = shardPositions(indices.length, parallel.size).map((positions) => ({
      step, positions, indices: positions.map((p) => indices[p]), batchSize: indices.length,
      teacherTemp: schedules.teacherTemp[step], diagnostics,
    }));
    const results = await parallel.step(shards);
    parallel.apply({
      optimize: true, centerMomentum: spec.centerMomentum, lr: schedules.lr[step], weightDecay: spec.optimizer.weightDecay, momentum: schedules.momentum[step],
      freezeLastLayer: step < frozenSteps, teacherMean: combineCenter(results, globalRows),
    });
    const loss = results.reduce((s, r) => s + r.loss, 0);
    if (!Number.isFinite(loss)) throw new Error(`DINO loss is ${loss} at step ${step}`);
    const imagesPerSec = indices.length / ((performance.now() - started) / 1000);
    if (diagnostics) {
      const entry: DinoLogEntry = {
        step, loss,
        teacherEntropy: results.reduce((s, r) => s + r.entropySum, 0) / globalRows,
        featureStd: normalisedFeatureStd(concatFeatures(results), local.student.featureDim),
        lr: schedules.lr[step], momentum: schedules.momentum[step], teacherTemp: schedules.teacherTemp[step], imagesPerSec,
      };
      log.push(entry);
      options.onLog?.(entry);
    }
    options.onProgress?.(step + 1, spec.steps, { loss, imagesPerSec });
    await new Promise((resolve) => setImmediate(resolve));
  }
  return log;
}
