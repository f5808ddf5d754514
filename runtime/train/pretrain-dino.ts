// DINO self-supervised pretraining of a ViT (Caron et al. 2021; facebookresearch/dino `main_dino.py`): the
// student sees every global and local crop, the teacher (EMA of the student, no gradients) the global crops;
// the loss distils the centred, sharpened teacher into the student. Features for evaluation come from the
// teacher backbone, as in DINO. Steps run data-parallel over worker threads (see parallel/); checkpoints let a
// killed run resume bit for bit, and collapse guards watch every logged step. DINOv2 options: Sinkhorn–Knopp
// targets (balanced over the whole batch by the coordinator, see sinkhorn-step.ts) and the iBOT patch loss.
// Deviation: the centres start at the first batch's teacher means.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../benchmarks/rng.ts';
import type { TrainingLogEntry } from '../../dsl/results.ts';
import type { ResolvedExperiment } from '../../dsl/types.ts';
import { DinoHead } from '../model/dino-head.ts';
import { vitConfigFrom } from '../model/vit-config.ts';
import { VisionTransformer } from '../model/vit.ts';
import { pretrainBatchSampler } from './modality-batch-sampler.ts';
import { checkpointFingerprint, type CheckpointRngState, type DinoCheckpoint } from './checkpoint-state.ts';
import { globalViewPairs, prototypeUsage } from './collapse-diagnostics.ts';
import { assertFiniteLoss, centringBatchWarning, CollapseGuard, TrainingGuardError } from './collapse-guard.ts';
import type { DinoReplicaInit, DinoShardResult, DinoStep, DinoUpdate } from './dino-messages.ts';
import { DinoReplica, normalisedFeatureStd } from './dino-replica.ts';
import { combineIbotCenter } from './ibot-state.ts';
import { autoReplicas, DataParallel } from './parallel/data-parallel.ts';
import { shardPositions, shareImages } from './parallel/replica.ts';
import { frozenLastLayerSteps, pretrainSchedules, type PretrainSchedules } from './schedules.ts';
import { withSinkhornCenters } from './sinkhorn-step.ts';
import { concatTyped } from './concat-typed.ts';

/** One logged step: the results contract's training-log entry (teacher entropy ≈ ln K means uniform collapse). */
export type DinoLogEntry = TrainingLogEntry;

export interface PretrainDinoOptions {
  images: readonly Float32Array[];
  imageSize: number;
  /**
   * The student to train (taken over: its weights seed the run and it is disposed), or a backbone spec from
   * which a seeded ViT is built with `rng.fork('backbone-init')`. When resuming it gives only the architecture.
   */
  backbone: VisionTransformer | ResolvedExperiment['backbone'];
  pretrain: ResolvedExperiment['pretrain'];
  /** Each image's modality ("xray", "mri"): needed when pretrain.pool.mriShare is a number. */
  modalities?: readonly string[];
  rng: Rng;
  /** Data-parallel replicas (threads); 'auto' (default) uses one per core, up to 2. Results do not depend on it beyond float rounding. */
  replicas?: number | 'auto';
  onLog?: (entry: DinoLogEntry) => void;
  /** Called after every step; `info` holds the latest loss, throughput and collapse diagnostics for progress displays. */
  onProgress?: (step: number, steps: number, info?: Record<string, number>) => void;
  /** Continue from a checkpoint of this same run (its fingerprint must match). */
  resume?: DinoCheckpoint;
  /** Receives the whole training state every `pretrain.checkpointEvery` steps and after the last step. */
  onCheckpoint?: (checkpoint: DinoCheckpoint) => Promise<void>;
  /** Warnings: a batch too small for centring, a collapse under action 'warn', a resume on another setup. */
  onWarn?: (message: string) => void;
}

export interface PretrainDinoResult {
  teacher: VisionTransformer;
  student: VisionTransformer;
  /** The whole log, including the part written before a resume. */
  log: DinoLogEntry[];
  /** Replicas that actually ran, and why workers were not used when fewer than asked. */
  replicas: number;
  fallbackReason?: string;
  /** Training time in seconds, summed over resumes. */
  elapsedSec: number;
}

type Parallel = DataParallel<DinoStep, DinoShardResult, DinoUpdate>;

/** What identifies a run's random streams and inputs, for checkpoints. */
interface RunIdentity {
  rng: Omit<CheckpointRngState, 'samplerEpoch'>;
  fingerprint: string;
}

function combineCenter(results: DinoShardResult[], rows: number): Float32Array {
  const mean = new Float32Array(results[0].teacherSum.length);
  for (const r of results) for (let k = 0; k < mean.length; k++) mean[k] += r.teacherSum[k];
  for (let k = 0; k < mean.length; k++) mean[k] /= rows;
  return mean;
}

function concatFeatures(results: DinoShardResult[]): Float32Array {
  return concatTyped(results.map((r) => r.features ?? new Float32Array(0)), (n) => new Float32Array(n));
}

const sum = (results: DinoShardResult[], pick: (r: DinoShardResult) => number): number => results.reduce((s, r) => s + pick(r), 0);

export async function pretrainDino(options: PretrainDinoOptions): Promise<PretrainDinoResult> {
  const { images, imageSize, pretrain: spec, rng, resume } = options;
  const started = performance.now();
  const initial = options.backbone instanceof VisionTransformer
    ? options.backbone
    : VisionTransformer.create(vitConfigFrom(options.backbone, imageSize), rng.fork('backbone-init'), 'student');
  const config = initial.config;
  if (config.imageSize !== imageSize) throw new Error(`backbone built for ${config.imageSize}px images, data is ${imageSize}px`);
  if (spec.method === 'none' || spec.steps === 0) {
    return { teacher: initial.clone('teacher'), student: initial, log: [], replicas: 1, elapsedSec: 0 };
  }
  if (images.length < spec.batchSize) throw new Error(`DINO needs at least batchSize=${spec.batchSize} images, got ${images.length}`);
  const warning = centringBatchWarning(spec);
  if (warning) options.onWarn?.(warning);

  const seeds = { augmentSeed: rng.fork('augment').seed, batchSeed: rng.fork('batches').seed };
  const run: RunIdentity = { rng: seeds, fingerprint: checkpointFingerprint(spec, config, images.length, seeds) };
  if (resume && resume.fingerprint !== run.fingerprint) {
    throw new Error(`the checkpoint at step ${resume.step} belongs to another run (fingerprint ${resume.fingerprint}, this run ${run.fingerprint}); delete it to start over`);
  }
  const headConfig = { inDim: config.dim, ...spec.head };
  const base = { vit: config, head: headConfig, pretrain: spec, images: shareImages(images, imageSize), augmentSeed: seeds.augmentSeed };
  let init: DinoReplicaInit;
  if (resume) {
    init = { ...base, studentWeights: resume.state.student, headWeights: resume.state.studentHead, resume: resume.state };
  } else {
    const head = DinoHead.create(headConfig, rng.fork('head-init'), 'init-head');
    init = { ...base, studentWeights: initial.toWeights(), headWeights: head.toWeights() };
    head.dispose();
  }
  initial.dispose();
  const local = new DinoReplica(init);
  const wanted = options.replicas === undefined || options.replicas === 'auto' ? autoReplicas() : options.replicas;
  const parallel: Parallel = await DataParallel.start('dino', init, local, Math.min(wanted, spec.batchSize));
  try {
    if (resume) warnOnOtherSetup(resume, parallel.size, options.onWarn);
    const elapsed = (): number => (resume?.elapsedSec ?? 0) + (performance.now() - started) / 1000;
    const log = await runSteps(options, parallel, local, run, elapsed);
    const sums = await parallel.checksums();
    if (sums.some((s) => s !== sums[0])) throw new Error(`data-parallel replicas diverged (checksums ${sums.join(', ')})`);
    const { student, teacher } = local.releaseBackbones();
    return { teacher, student, log, replicas: parallel.size, fallbackReason: parallel.fallbackReason, elapsedSec: elapsed() };
  } catch (error) {
    local.dispose();
    throw error;
  } finally {
    await parallel.release();
  }
}

function warnOnOtherSetup(resume: DinoCheckpoint, replicas: number, onWarn: PretrainDinoOptions['onWarn']): void {
  const backend = tf.getBackend();
  if (resume.replicas === replicas && resume.backend === backend) return;
  onWarn?.(`resuming on ${replicas} replica(s) / ${backend}, the checkpoint was written on ${resume.replicas} / ${resume.backend}: `
    + 'the result equals an uninterrupted run only up to float rounding');
}

/**
 * Starts the centre at the teacher's mean output on the first batch instead of 0. DINO starts from 0 but
 * warms the learning rate up over 10 epochs, by which time the centre has converged; in a few hundred steps
 * the student would otherwise first learn the un-centred common mode (all images → same prototypes), which
 * drives uniform collapse (measured here: feature std 0.012 → 0.002 in 30 steps).
 */
async function primeCenter(parallel: Parallel, indices: number[], spec: PretrainDinoOptions['pretrain'], teacherTemp: number): Promise<void> {
  const shards = shardPositions(indices.length, parallel.size).map((positions) => ({
    step: -1, positions, indices: positions.map((p) => indices[p]), batchSize: indices.length, teacherTemp, diagnostics: false, teacherOnly: true,
  }));
  const results = await parallel.step(shards);
  parallel.apply({
    optimize: false, centerMomentum: 0, lr: 0, weightDecay: 0, momentum: 1, freezeLastLayer: true,
    teacherMean: combineCenter(results, spec.crops.global.count * indices.length), ibotTeacherMean: combineIbotCenter(results),
  });
}

/** After `done` steps: every checkpointEvery steps (0: never) and after the last one. */
function isCheckpointStep(spec: PretrainDinoOptions['pretrain'], done: number): boolean {
  return (spec.checkpointEvery > 0 && done % spec.checkpointEvery === 0) || done === spec.steps;
}

function logEntry(
  spec: PretrainDinoOptions['pretrain'], schedules: PretrainSchedules, step: number, results: DinoShardResult[],
  figures: { loss: number; koleo: number; ibot: number; imagesPerSec: number; featureDim: number },
): DinoLogEntry {
  const globalRows = spec.crops.global.count * spec.batchSize;
  return {
    step, loss: figures.loss,
    teacherEntropy: sum(results, (r) => r.entropySum) / globalRows,
    featureStd: normalisedFeatureStd(concatFeatures(results), figures.featureDim),
    lr: schedules.lr[step], momentum: schedules.momentum[step], teacherTemp: schedules.teacherTemp[step], imagesPerSec: figures.imagesPerSec,
    klDivergence: sum(results, (r) => r.klSum) / (spec.batchSize * globalViewPairs(spec.crops.global.count)),
    prototypeUsage: prototypeUsage(results.map((r) => r.argmax ?? new Int32Array(0)), spec.head.outDim),
    weightDecay: schedules.weightDecay[step],
    ...(spec.koleoWeight > 0 ? { koleoLoss: figures.koleo } : {}),
    ...(spec.ibot.weight > 0 ? { ibotLoss: figures.ibot } : {}),
  };
}

async function runSteps(
  options: PretrainDinoOptions, parallel: Parallel, local: DinoReplica, run: RunIdentity, elapsed: () => number,
): Promise<DinoLogEntry[]> {
  const { pretrain: spec, resume } = options;
  const schedules = pretrainSchedules(spec);
  const sampler = pretrainBatchSampler(options.images.length, spec.batchSize, spec.pool, options.modalities, options.rng.fork('batches'));
  const frozenSteps = frozenLastLayerSteps(spec, options.images.length);
  const globalRows = spec.crops.global.count * spec.batchSize;
  const guard = new CollapseGuard(spec.collapse, spec.head.outDim, resume?.guard);
  const log: DinoLogEntry[] = [...(resume?.log ?? [])];
  const first = resume?.step ?? 0;
  if (resume) sampler.skip(first);
  // Sinkhorn–Knopp targets use no running centre: nothing to prime
  else if (spec.centering === 'centering') await primeCenter(parallel, sampler.peek(), spec, schedules.teacherTemp[0]);
  let shown: Record<string, number> = {};
  for (let step = first; step < spec.steps; step++) {
    const stepStarted = performance.now();
    const indices = sampler.next();
    const diagnostics = step % spec.logEvery === 0 || step === spec.steps - 1;
    const shards = shardPositions(indices.length, parallel.size).map((positions) => ({
      step, positions, indices: positions.map((p) => indices[p]), batchSize: indices.length,
      teacherTemp: schedules.teacherTemp[step], diagnostics,
    }));
    const balanced = spec.centering === 'sinkhorn-knopp';
    const results = await parallel.step(balanced ? await withSinkhornCenters(parallel, shards, spec.head.outDim, spec.ibot.weight > 0) : shards);
    const distillation = sum(results, (r) => r.distillation);
    const koleo = sum(results, (r) => r.koleo);
    const ibot = sum(results, (r) => r.ibot);
    // before the update: a NaN would otherwise reach the weights every replica keeps
    assertFiniteLoss(step, distillation, koleo, spec.koleoWeight);
    if (spec.ibot.weight > 0 && !Number.isFinite(ibot)) {
      throw new TrainingGuardError('non-finite-loss', step, { distillation, koleo, ibot }, `non-finite loss at step ${step}: the iBOT loss term is ${ibot}`);
    }
    parallel.apply({
      optimize: true, centerMomentum: spec.centerMomentum, lr: schedules.lr[step], weightDecay: schedules.weightDecay[step],
      momentum: schedules.momentum[step], freezeLastLayer: step < frozenSteps, teacherMean: combineCenter(results, globalRows),
      ibotTeacherMean: combineIbotCenter(results),
    });
    const loss = sum(results, (r) => r.loss);
    const imagesPerSec = indices.length / ((performance.now() - stepStarted) / 1000);
    if (diagnostics) {
      const entry = logEntry(spec, schedules, step, results, { loss, koleo, ibot, imagesPerSec, featureDim: local.student.featureDim });
      log.push(entry);
      options.onLog?.(entry);
      shown = { entropy: entry.teacherEntropy, kl: entry.klDivergence ?? 0, featureStd: entry.featureStd, prototypes: entry.prototypeUsage ?? 0 };
      for (const alarm of guard.observe({ step, distillation, featureStd: entry.featureStd, teacherEntropy: entry.teacherEntropy })) {
        if (spec.collapse.action === 'stop') throw new TrainingGuardError(alarm.guard, alarm.step, alarm.values, alarm.message);
        options.onWarn?.(`${alarm.message} (pretrain.collapse.action is warn: training goes on)`);
      }
    }
    options.onProgress?.(step + 1, spec.steps, { loss, imagesPerSec, ...shown, ...(spec.ibot.weight > 0 ? { ibot } : {}) });
    const done = step + 1;
    if (options.onCheckpoint && isCheckpointStep(spec, done)) {
      await options.onCheckpoint({
        step: done, state: local.snapshot(), log: [...log], guard: guard.state, rng: { ...run.rng, samplerEpoch: sampler.epoch },
        fingerprint: run.fingerprint, replicas: parallel.size, backend: tf.getBackend(), elapsedSec: elapsed(),
      });
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  return log;
}
