// Stage 1: make the labelled images available. Synthetic phantoms are written to disk as PNG + manifest first
// and then read back through the same loader a user's data set goes through (manifest, class folders, DICOM
// study tree or MRNet stacks; see runtime/data/adapters). With a job store, the sample list, the held-out split
// and the skipped inputs are saved under data/<task>/ in the job folder.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ResolvedExperiment } from '../../dsl/types.ts';
import type { HeldOutSplit } from '../../benchmarks/splits/held-out-split.ts';
import type { TaskDefinition } from '../../benchmarks/tasks/task.ts';
import { loadLabelledDataset, type LabelledDataset } from '../data/labelled-dataset.ts';
import { InvalidDatasetError } from '../data/manifest-error.ts';
import { materializeSyntheticDataset } from '../data/materialize.ts';
import { materializeSyntheticTask } from '../data/materialize-task.ts';
import type { CacheStats } from '../data/preprocess-cache.ts';
import type { SkippedInput } from '../data/sample-ref.ts';
import { writeSampleList } from '../data/sample-list.ts';
import type { DataFormat } from '../data/adapters/index.ts';
import type { JobEvents } from './events.ts';
import type { JobStore } from './store.ts';

export interface PreparedDataset {
  source: string;
  /** The stored sample list (data/<task>/samples.csv) when a store was given, else the manifest or labels file read. */
  manifest: string;
  format: DataFormat;
  images: Float32Array[];
  labels: number[];
  groups: string[];
  /** Exam of each sample; an image that is its own exam carries its own id. */
  exams: string[];
  /** Modality of each sample as the data set gives it ("xray", "mri", …). */
  modalities: string[];
  numClasses: number;
  /** The data set's fixed train/test split, when it marks some samples "test". */
  heldOut?: HeldOutSplit;
  /** Inputs left out under data.onInvalid 'skip'. */
  skipped: SkippedInput[];
  cache: CacheStats;
}

const SYNTHETIC_PREFIX = 'synthetic:';
export const CACHE_FOLDER = join('.cache', 'preprocessed');

/** The synthetic phantom's manifest (generated once per content hash), or the user's source as given. */
function sourceOf(spec: ResolvedExperiment, task: TaskDefinition, events: JobEvents): { source: string; format: DataFormat | 'auto' } {
  const { source, imageSize, synthetic, dir, format } = spec.data;
  if (!source.startsWith(SYNTHETIC_PREFIX)) return { source, format };
  events.info(`synthetic ${task.id} phantoms: ${synthetic.patients} patients at ${imageSize} px`);
  const manifest =
    task.id === 'kl-grade'
      ? materializeSyntheticDataset({ ...synthetic, imageSize, seed: spec.seed }, resolve(dir))
      : materializeSyntheticTask(task.id, { patients: synthetic.patients, imageSize, seed: spec.seed }, resolve(dir));
  return { source: manifest, format: 'manifest' };
}

function checkOneTaskPerLabelColumn(spec: ResolvedExperiment, task: TaskDefinition, loaded: LabelledDataset): void {
  if (spec.data.source.startsWith(SYNTHETIC_PREFIX) || spec.tasks.length === 1 || loaded.labelColumn === task.id) return;
  const file = loaded.labelsFile ?? loaded.root;
  throw new InvalidDatasetError([{ file, message: `tasks lists ${spec.tasks.length} tasks but the labels have no column named "${task.id}": give each task its own label column` }]);
}

async function store(storeTo: JobStore, task: TaskDefinition, loaded: LabelledDataset): Promise<string> {
  const samplesFile = resolve(storeTo.path('data', task.id, 'samples.csv'));
  mkdirSync(dirname(samplesFile), { recursive: true });
  writeSampleList(samplesFile, loaded.samples);
  await storeTo.writeJson(loaded.skipped, 'data', task.id, 'skipped.json');
  if (loaded.heldOut) await storeTo.writeJson(loaded.heldOut, 'data', task.id, 'held-out-split.json');
  return samplesFile;
}

/**
 * The labelled data of one task. With a synthetic source every task gets its own phantom (so a spec over several
 * tasks needs no per-task source); KL grading honours data.synthetic in full, the other phantoms take their
 * images per patient and label noise from the task's YAML definition.
 */
export async function prepareDataset(spec: ResolvedExperiment, task: TaskDefinition, events: JobEvents, storeTo?: JobStore): Promise<PreparedDataset> {
  const { imageSize, window, dir, onInvalid } = spec.data;
  const { source, format } = sourceOf(spec, task, events);
  let started = false;
  const loaded = loadLabelledDataset({
    source, format, imageSize, onInvalid,
    task: { id: task.id, labels: task.labels, modality: task.modality },
    ...(window === 'file' ? {} : { window }),
    cacheDir: resolve(dir, CACHE_FOLDER),
    onProgress: (done, total) => {
      if (!started) events.stageStart(`data ${task.id}`, total);
      started = true;
      events.stageTick(done);
    },
  });
  if (started) events.stageEnd();
  checkOneTaskPerLabelColumn(spec, task, loaded);
  const { samples, skipped, cache } = loaded;
  events.info(`${task.id}: ${samples.length} images (${loaded.format}); ${cache.hits} file(s) read from the preprocessing cache, ${cache.misses} decoded`);
  if (skipped.length) events.warn(`${task.id}: ${skipped.length} invalid input(s) skipped, e.g. ${skipped[0].path}: ${skipped[0].reason}`);
  return {
    source: spec.data.source,
    manifest: storeTo ? await store(storeTo, task, loaded) : (loaded.labelsFile ?? loaded.root),
    format: loaded.format,
    images: samples.map((s) => s.pixels),
    labels: samples.map((s) => s.label),
    groups: samples.map((s) => s.patientId),
    exams: samples.map((s) => s.examId),
    modalities: samples.map((s) => s.modality),
    numClasses: task.labels.length,
    ...(loaded.heldOut ? { heldOut: loaded.heldOut } : {}),
    skipped,
    cache,
  };
}
