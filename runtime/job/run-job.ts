// Runs one planned job through every stage — data → DINO pretraining → features → cross-validated
// evaluation → analysis — and stores result.json last, so "finished" always means complete.
import type { Job } from '../../dsl/plan.ts';
import { RESULTS_SCHEMA_VERSION, type JobResult, type TaskResult } from '../../dsl/results.ts';
import { Rng } from '../../benchmarks/rng.ts';
import type { TaskDefinition } from '../../benchmarks/tasks/task.ts';
import { getTask } from '../../benchmarks/tasks/registry.ts';
import { analyzeTask } from '../../benchmarks/analysis/analyze-task.ts';
import { extractFeatures } from '../model/features.ts';
import { vitConfigFrom } from '../model/vit-config.ts';
import { fineTuneFold } from '../train/finetune.ts';
import { trainSupervised } from '../train/supervised.ts';
import type { JobEvents } from './events.ts';
import { evaluateCrossValidated, type FoldTrainer } from './evaluate.ts';
import { gitCommit, orthobenchVersion } from './environment.ts';
import { prepareDataset, type PreparedDataset } from './prepare-dataset.ts';
import { runPretrainStage, type PretrainStageOutput } from './pretrain-stage.ts';
import { JobStore, RESULT_FILE } from './store.ts';

export interface RunJobOptions {
  outDir: string;
  events: JobEvents;
  backend: string;
}

const FEATURE_BATCH = 64;

export async function runJob(job: Job, options: RunJobOptions): Promise<{ result: JobResult; reused: boolean }> {
  const store = new JobStore(options.outDir, job.id);
  const finished = await store.tryReadJson<JobResult>(RESULT_FILE);
  if (finished) return { result: finished, reused: true };
  const { spec } = job;
  const { events } = options;
  await store.writeJson({ id: job.id, sweepPoint: job.sweepPoint, spec }, 'spec.json');
  const startedAt = new Date();
  const timings: Record<string, number> = {};
  const time = async <T>(stage: string, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const value = await work();
    timings[stage] = (performance.now() - t0) / 1000;
    return value;
  };
  const rng = new Rng(spec.seed);
  const tasks = spec.tasks.map(getTask);

  const datasets = await time('data', async () => {
    const prepared: PreparedDataset[] = [];
    for (const task of tasks) prepared.push(await prepareDataset(spec, task, events, store));
    return prepared;
  });
  // One backbone is pretrained on the pooled, unlabelled images of every task (X-ray and MRI alike, mixed as
  // pretrain.pool says). A held-out test image is never pretrained on: its patient must stay unseen.
  const pool = datasets.flatMap(pretrainingSamples);
  const pretrain = await time('pretrain', () => runPretrainStage(spec, pool.map((s) => s.image), rng, store, events, pool.map((s) => s.modality)));
  const taskResults: TaskResult[] = [];
  for (const [t, task] of tasks.entries()) {
    const data = datasets[t];
    taskResults.push(await time(`evaluation_${task.id}`, () => evaluateTask(spec, task, data, pretrain, rng, store, events)));
  }
  pretrain.initial.dispose();
  if (pretrain.pretrained !== pretrain.initial) pretrain.pretrained.dispose();
  if (pretrain.randomInit !== pretrain.initial) pretrain.randomInit.dispose();

  const finishedAt = new Date();
  const result: JobResult = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    jobId: job.id,
    name: spec.name,
    sweepPoint: job.sweepPoint,
    spec,
    environment: {
      backend: options.backend,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      gitCommit: gitCommit(),
      orthobenchVersion: orthobenchVersion(),
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationSec: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    },
    datasets: datasets.map((data, t) => ({
      task: tasks[t].id,
      source: data.source,
      manifest: data.manifest,
      nSamples: data.labels.length,
      nPatients: new Set(data.groups).size,
      classCounts: tasks[t].labels.map((_, c) => data.labels.filter((l) => l === c).length),
      skipped: data.skipped,
    })),
    pretraining: pretrain.summary,
    tasks: taskResults,
    timings,
  };
  await store.writeJson(result, RESULT_FILE);
  return { result, reused: false };
}

/** A data set's images that DINO may see: all of them, less the held-out test part when the data set has one. */
function pretrainingSamples(data: PreparedDataset): Array<{ image: Float32Array; modality: string }> {
  const test = new Set(data.heldOut?.test ?? []);
  return data.images.flatMap((image, i) => (test.has(i) ? [] : [{ image, modality: data.modalities[i] }]));
}

async function evaluateTask(
  spec: Job['spec'],
  task: TaskDefinition,
  data: PreparedDataset,
  pretrain: PretrainStageOutput,
  rng: Rng,
  store: JobStore,
  events: JobEvents,
): Promise<TaskResult> {
  const untouched = pretrain.pretrained === pretrain.initial;
  events.info(
    untouched
      ? `${task.id}: extracting frozen features (no pretraining: the evaluated backbone is its initialisation${spec.backbone.init === 'random' ? ', the same as the random-init baseline' : ''})`
      : `${task.id}: extracting frozen features (pretrained teacher and random-init backbone)`,
  );
  const pretrainedFeatures = await extractFeatures(pretrain.pretrained, data.images, spec.data.imageSize, FEATURE_BATCH);
  const features = {
    pretrained: pretrainedFeatures,
    // one backbone (no pretraining from a random init): its features once, read by both (probes never write them)
    'random-init': pretrain.randomInit === pretrain.pretrained
      ? pretrainedFeatures
      : await extractFeatures(pretrain.randomInit, data.images, spec.data.imageSize, FEATURE_BATCH),
  };
  const config = vitConfigFrom(spec.backbone, spec.data.imageSize);
  const supervised: FoldTrainer = async (train, test, label) => {
    const model = await trainSupervised({
      images: train.map((i) => data.images[i]),
      labels: train.map((i) => data.labels[i]),
      numClasses: task.labels.length,
      config,
      settings: spec.eval.supervised,
      rng: rng.fork(`supervised:${task.id}:${label}`),
    });
    try {
      return { probabilities: await model.predictProba(test.map((i) => data.images[i])) };
    } finally {
      model.dispose();
    }
  };
  // Fine-tuning starts every fold from the same pretrained (teacher) weights.
  const pretrainedWeights = spec.eval.protocols.includes('fine-tune') ? pretrain.pretrained.toWeights() : undefined;
  const fineTune: FoldTrainer = (train, test, label) =>
    fineTuneFold({
      images: data.images,
      labels: data.labels,
      groups: data.groups,
      numClasses: task.labels.length,
      train,
      test,
      config,
      backbone: pretrainedWeights!,
      settings: spec.eval.fineTune,
      rng: rng.fork(`fine-tune:${task.id}:${label}`),
    });
  const evaluation = await evaluateCrossValidated({
    task: task.id,
    spec,
    labels: data.labels,
    groups: data.groups,
    numClasses: task.labels.length,
    features,
    supervised: spec.eval.baselines.includes('supervised') ? supervised : undefined,
    fineTune: pretrainedWeights ? fineTune : undefined,
    ...(data.heldOut ? { heldOut: data.heldOut } : {}),
    rng: rng.fork(`eval:${task.id}`),
    store,
    events,
  });
  return analyzeTask({
    task,
    labels: data.labels,
    groups: data.groups,
    folds: evaluation.folds,
    predictions: evaluation.predictions,
    ...(data.heldOut ? { heldOut: { split: data.heldOut, predictions: evaluation.heldOutPredictions } } : {}),
    stats: spec.stats,
    rng: rng.fork(`analysis:${task.id}`),
    exams: data.exams,
    examPooling: spec.eval.examPooling,
  });
}
