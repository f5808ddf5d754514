// Stage 2: DINO pretraining of the backbone on the (unlabelled) images. The teacher's weights and the
// training log are stored as soon as training ends, so a rerun skips straight to evaluation.
import type { ResolvedExperiment } from '../../dsl/types.ts';
import type { PretrainingSummary, TrainingLogEntry } from '../../dsl/results.ts';
import type { Rng } from '../../benchmarks/rng.ts';
import { VisionTransformer } from '../model/vit.ts';
import { vitConfigFrom } from '../model/vit-config.ts';
import { pretrainDino } from '../train/pretrain-dino.ts';
import { loadSafetensors, saveSafetensors } from '../io/safetensors.ts';
import type { JobEvents } from './events.ts';
import type { JobStore } from './store.ts';

const TEACHER_FILE = ['pretrain', 'teacher.safetensors'];
const SUMMARY_FILE = ['pretrain', 'summary.json'];

export interface PretrainStageOutput {
  /** The backbone at initialisation (the random-init baseline). */
  initial: VisionTransformer;
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
): Promise<PretrainStageOutput> {
  const config = vitConfigFrom(spec.backbone, spec.data.imageSize);
  const initial = await initialBackbone(spec, config, rng);
  const { method, steps } = spec.pretrain;
  if (method === 'none' || steps === 0) {
    return { initial, pretrained: initial, summary: { method, steps: 0, wallSec: 0, imagesPerSec: 0, log: [] } };
  }
  const stored = await store.tryReadJson<PretrainingSummary>(...SUMMARY_FILE);
  if (stored && (await store.exists(...TEACHER_FILE))) {
    events.info(`pretraining already done (${stored.steps} steps): loading the stored teacher`);
    const { tensors } = await loadSafetensors(store.path(...TEACHER_FILE));
    return { initial, pretrained: VisionTransformer.fromWeights(config, tensors, 'teacher'), summary: stored };
  }
  events.stageStart('DINO pretraining', steps);
  const started = performance.now();
  const log: TrainingLogEntry[] = [];
  const result = await pretrainDino({
    images,
    imageSize: spec.data.imageSize,
    backbone: initial.clone('student'),
    pretrain: spec.pretrain,
    rng: rng.fork('dino'),
    onLog: (entry) => {
      log.push(entry);
    },
    onProgress: (step, total, info) => events.stageTick(step, info ?? {}),
  });
  events.stageEnd();
  const wallSec = (performance.now() - started) / 1000;
  const summary: PretrainingSummary = {
    method,
    steps,
    wallSec,
    imagesPerSec: (steps * spec.pretrain.batchSize) / wallSec,
    log,
  };
  await saveSafetensors(store.path(...TEACHER_FILE), result.teacher.toWeights(), { format: 'orthobench-vit', role: 'dino-teacher' });
  await store.writeJson(summary, ...SUMMARY_FILE);
  result.student.dispose();
  return { initial, pretrained: result.teacher, summary };
}

async function initialBackbone(spec: ResolvedExperiment, config: ReturnType<typeof vitConfigFrom>, rng: Rng): Promise<VisionTransformer> {
  if (spec.backbone.init === 'random') return VisionTransformer.create(config, rng.fork('init'), 'init');
  const { tensors } = await loadSafetensors(spec.backbone.init);
  return VisionTransformer.fromWeights(config, tensors, 'init');
}
