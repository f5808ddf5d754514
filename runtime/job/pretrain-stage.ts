// Stage 2: DINO pretraining of the backbone on the (unlabelled) images. Checkpoints go to pretrain/checkpoint/
// while training, so a killed run resumes where it stopped; the teacher's weights and the training log are
// stored as soon as training ends, so a rerun skips straight to evaluation.
import { rm } from 'node:fs/promises';
import type { ResolvedExperiment } from '../../dsl/types.ts';
import type { PretrainingSummary, TrainingLogEntry } from '../../dsl/results.ts';
import type { Rng } from '../../benchmarks/rng.ts';
import { VisionTransformer } from '../model/vit.ts';
import { vitConfigFrom } from '../model/vit-config.ts';
import { saveDinoCheckpoint, tryLoadDinoCheckpoint } from '../train/checkpoint-files.ts';
import { TrainingGuardError } from '../train/collapse-guard.ts';
import { checkPretrainPool } from '../train/modality-batch-sampler.ts';
import { pretrainDino } from '../train/pretrain-dino.ts';
import { describeLrScaling } from '../train/schedules.ts';
import { loadSafetensors } from '../io/safetensors.ts';
import { initialBackbone, saveBackboneCheckpoint } from '../model/checkpoint/backbone-checkpoint.ts';
import type { JobEvents } from './events.ts';
import type { JobStore } from './store.ts';

const TEACHER_FILE = ['pretrain', 'teacher.safetensors'];
const SUMMARY_FILE = ['pretrain', 'summary.json'];
const CHECKPOINT_DIR = ['pretrain', 'checkpoint'];
/** Written when a guard stops training: which guard, its values and the log up to that step. */
const STOPPED_FILE = ['pretrain', 'stopped.json'];

export interface PretrainStageOutput {
  /** The backbone `backbone.init` gives: a seeded random ViT, or the checkpoint's weights. */
  initial: VisionTransformer;
  /**
   * The random-init baseline: the same architecture with seeded random weights. It is `initial` when the init is
   * random, and a separate ViT from the same seed stream when `backbone.init` is a checkpoint.
   */
  randomInit: VisionTransformer;
  /** The DINO teacher after pretraining (or the initial backbone when pretraining is off). */
  pretrained: VisionTransformer;
  summary: PretrainingSummary;
}

export async function runPretrainStage(
  spec: ResolvedExperiment,
  images: readonly Float32Array[],
  rng: Rng,
  store: JobStore,
  events: JobEvents,
  /** Each image's modality; needed when pretrain.pool.mriShare is a number. */
  modalities?: readonly string[],
): Promise<PretrainStageOutput> {
  const config = vitConfigFrom(spec.backbone, spec.data.imageSize);
  const initial = await initialBackbone(spec.backbone, config, rng.fork('init'), { label: 'init', info: (m) => events.info(m), warn: (m) => events.warn(m) });
  const randomInit = spec.backbone.init === 'random' ? initial : VisionTransformer.create(config, rng.fork('init'), 'random-init');
  const { method, steps } = spec.pretrain;
  if (method === 'none' || steps === 0) {
    return { initial, randomInit, pretrained: initial, summary: { method, steps: 0, wallSec: 0, imagesPerSec: 0, log: [] } };
  }
  checkPretrainPool(spec.pretrain.pool, modalities, images.length);
  const stored = await store.tryReadJson<PretrainingSummary>(...SUMMARY_FILE);
  if (stored && (await store.exists(...TEACHER_FILE))) {
    events.info(`pretraining already done (${stored.steps} steps): loading the stored teacher`);
    const { tensors } = await loadSafetensors(store.path(...TEACHER_FILE));
    return { initial, randomInit, pretrained: VisionTransformer.fromWeights(config, tensors, 'teacher'), summary: stored };
  }
  const checkpointDir = store.path(...CHECKPOINT_DIR);
  const resume = await tryLoadDinoCheckpoint(checkpointDir);
  if (resume) events.info(`resuming DINO pretraining at step ${resume.step}/${steps} from ${checkpointDir}`);
  const lrScaling = describeLrScaling(spec.pretrain);
  if (lrScaling) events.info(lrScaling);
  let checkpointStep = resume?.step;
  const log: TrainingLogEntry[] = [...(resume?.log ?? [])];
  events.stageStart('DINO pretraining', steps);
  if (resume) events.stageTick(resume.step);
  let result: Awaited<ReturnType<typeof pretrainDino>>;
  try {
    result = await pretrainDino({
      images,
      imageSize: spec.data.imageSize,
      backbone: initial.clone('student'),
      pretrain: spec.pretrain,
      ...(modalities ? { modalities } : {}),
      rng: rng.fork('dino'),
      resume,
      onLog: (entry) => {
        log.push(entry);
      },
      onProgress: (step, _total, info) => events.stageTick(step, info ?? {}),
      onWarn: (message) => events.warn(message),
      onCheckpoint: async (checkpoint) => {
        await saveDinoCheckpoint(checkpointDir, checkpoint);
        checkpointStep = checkpoint.step;
      },
    });
  } catch (error) {
    if (error instanceof TrainingGuardError) throw await keepStoppedRun(error, log, store, checkpointStep);
    throw error;
  } finally {
    events.stageEnd();
  }
  const summary: PretrainingSummary = {
    method,
    steps,
    wallSec: result.elapsedSec,
    imagesPerSec: (steps * spec.pretrain.batchSize) / result.elapsedSec,
    log: result.log,
  };
  await saveBackboneCheckpoint(store.path(...TEACHER_FILE), result.teacher, { role: 'dino-teacher' });
  await store.writeJson(summary, ...SUMMARY_FILE);
  await rm(store.path(...STOPPED_FILE), { force: true }); // a stop of an earlier attempt no longer holds
  result.student.dispose();
  return { initial, randomInit, pretrained: result.teacher, summary };
}

/** Stores the guard's verdict with the log so far and returns the error to report, naming where both are. */
async function keepStoppedRun(error: TrainingGuardError, log: TrainingLogEntry[], store: JobStore, checkpointStep: number | undefined): Promise<TrainingGuardError> {
  await store.writeJson({ guard: error.guard, step: error.step, values: error.values, message: error.message, checkpointStep, log }, ...STOPPED_FILE);
  const kept = checkpointStep === undefined ? 'no checkpoint yet' : `the checkpoint after ${checkpointStep} step(s) in ${store.path(...CHECKPOINT_DIR)}`;
  return new TrainingGuardError(
    error.guard, error.step, error.values,
    `DINO pretraining stopped by the ${error.guard} guard: ${error.message}. Kept: the log so far in ${store.path(...STOPPED_FILE)}, ${kept}`,
  );
}
