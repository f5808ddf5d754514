// Contact sheet of any task's synthetic phantoms, a row per class (`bench data preview <task>`): the same
// generator as the data set, with classes made equally frequent so rare classes fill their row. A
// radiograph task shows each patient's first image; an MRI task shows each exam's key slice (its main
// plane, nearest where the finding is or would be).
import { getTask } from '../../benchmarks/tasks/registry.ts';
import type { GrayImage } from './png.ts';
import { writeContactSheet, type PreviewSample } from './preview.ts';
import { generateTaskPhantom, resolvePhantomOptions } from './phantoms/task-phantoms.ts';

export interface TaskPreviewOptions {
  /** Default 64 (the default spec's image size). */
  imageSize?: number;
  /** Patients shown per class (default 6). */
  perClass?: number;
  seed?: number;
  /** Tile side in the sheet (defaults to imageSize; larger values magnify). */
  tileSize?: number;
}

export function taskPreviewSamples(taskId: string, o: TaskPreviewOptions = {}): PreviewSample[] {
  const task = getTask(taskId);
  const phantom = task.phantom;
  if (phantom === undefined) throw new Error(`task "${taskId}" has no synthetic phantom to preview`);
  const perClass = o.perClass ?? 6;
  const classes = task.labels.length;
  const balanced = { ...task, phantom: { ...phantom, prevalence: new Array<number>(classes).fill(1 / classes) } };
  const options = resolvePhantomOptions(balanced, { patients: perClass * classes, imageSize: o.imageSize ?? 64, seed: o.seed ?? 0 });
  const data = generateTaskPhantom(balanced, options);
  const shown = new Set<string>();
  const samples: PreviewSample[] = [];
  for (const s of data.samples) {
    const pick = s.modality === 'mri' ? s.key === true : !shown.has(s.patientId);
    if (!pick) continue;
    shown.add(s.patientId);
    // Rows are true classes: the sheet shows what each class looks like, not what readers recorded.
    samples.push({ label: s.trueLabel, pixels: s.pixels });
  }
  return samples;
}

export function writeTaskContactSheet(taskId: string, file: string, o: TaskPreviewOptions = {}): GrayImage {
  const samples = taskPreviewSamples(taskId, o);
  return writeContactSheet(file, samples, o.perClass ?? 6, o.tileSize ?? o.imageSize ?? 64);
}
