// Stage 1: make the labelled images available. Synthetic phantoms are written to disk as PNG + manifest
// first and then read back through the same loader a user's own folder goes through.
import { resolve } from 'node:path';
import type { ResolvedExperiment } from '../../dsl/types.ts';
import { materializeSyntheticDataset } from '../data/materialize.ts';
import { loadLabelledImages } from '../data/load-dataset.ts';
import { materializeSyntheticTask } from '../data/materialize-task.ts';
import type { TaskDefinition } from '../../benchmarks/tasks/task.ts';
import type { JobEvents } from './events.ts';

export interface PreparedDataset {
  source: string;
  manifest: string;
  images: Float32Array[];
  labels: number[];
  groups: string[];
  numClasses: number;
}

const SYNTHETIC_PREFIX = 'synthetic:';

/**
 * The labelled data of one task. With a synthetic source every task gets its own phantom (so a spec over several
 * tasks needs no per-task source); KL grading honours data.synthetic in full, the other phantoms take their
 * images per patient and label noise from the task's YAML definition.
 */
export async function prepareDataset(spec: ResolvedExperiment, task: TaskDefinition, events: JobEvents): Promise<PreparedDataset> {
  const { source, imageSize, synthetic, dir } = spec.data;
  const numClasses = task.labels.length;
  let manifest: string;
  if (source.startsWith(SYNTHETIC_PREFIX)) {
    events.info(`synthetic ${task.id} phantoms: ${synthetic.patients} patients at ${imageSize} px`);
    manifest =
      task.id === 'kl-grade'
        ? materializeSyntheticDataset({ ...synthetic, imageSize, seed: spec.seed }, resolve(dir))
        : materializeSyntheticTask(task.id, { patients: synthetic.patients, imageSize, seed: spec.seed }, resolve(dir));
  } else {
    if (spec.tasks.length > 1) throw new Error(`data.source: a manifest serves one task, but tasks lists ${spec.tasks.length}`);
    manifest = resolve(source);
  }
  const loaded = loadLabelledImages(manifest, imageSize, numClasses);
  return {
    source,
    manifest,
    images: loaded.samples.map((s) => s.pixels),
    labels: loaded.samples.map((s) => s.label),
    groups: loaded.samples.map((s) => s.patientId),
    numClasses,
  };
}
