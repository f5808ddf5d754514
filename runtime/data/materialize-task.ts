// Writes any registered task's synthetic cohort to disk like a user's data set — 16-bit PNGs, manifest.csv
// (with examId) and dataset.json (labels, sites, hidden variables, pixel hash) — in `<dir>/<hash>/`, where
// the hash covers the phantom code version, the task's definition and the options. The runner calls this
// for `synthetic:<task>`; a complete copy is reused.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getTask } from '../../benchmarks/tasks/registry.ts';
import type { TaskDefinition, TaskPhantom } from '../../benchmarks/tasks/task.ts';
import { materializeFolder } from './atomic-folder.ts';
import { readManifest, writeManifest, type ManifestEntry } from './manifest.ts';
import type { LatentValue, PhantomDataset, PhantomOptions, PhantomSiteRecord } from './phantoms/phantom-dataset.ts';
import { generateTaskPhantom, resolvePhantomOptions, type SyntheticTaskOptions } from './phantoms/task-phantoms.ts';
import { encodeGrayPng } from './png.ts';

/** Bump when any phantom's rendering or sampling changes, so cached data sets are regenerated. */
export const TASK_PHANTOM_VERSION = 'task-phantoms/1';
const HASH_LENGTH = 16;

export interface SyntheticTaskRecord {
  generator: string;
  task: string;
  taskVersion: number;
  phantomVersion: string;
  options: PhantomOptions;
  phantom: TaskPhantom;
  hash: string;
  images: number;
  exams: number;
  /** Patients per recorded label and per true label. */
  classCounts: number[];
  trueClassCounts: number[];
  /** SHA-256 over all PNG files in manifest order (byte-level reproducibility check). */
  pixelSha256: string;
  sites: PhantomSiteRecord[];
  patients: Array<{ patientId: string; label: number; trueLabel: number; site: number } & Record<string, LatentValue>>;
}

export function syntheticTaskHash(task: TaskDefinition, options: PhantomOptions): string {
  const { id, version, labels, phantom } = task;
  const canonical = JSON.stringify({ code: TASK_PHANTOM_VERSION, depth: 16, task: { id, version, labels, phantom }, options });
  return createHash('sha256').update(canonical).digest('hex').slice(0, HASH_LENGTH);
}

function isComplete(folder: string, hash: string, classes: number): boolean {
  const recordFile = join(folder, 'dataset.json');
  if (!existsSync(recordFile) || !existsSync(join(folder, 'manifest.csv'))) return false;
  try {
    const record = JSON.parse(readFileSync(recordFile, 'utf8')) as SyntheticTaskRecord;
    return record.hash === hash && readManifest(join(folder, 'manifest.csv'), { numClasses: classes }).rows.length === record.images;
  } catch {
    return false;
  }
}

function countBy(values: number[], classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const v of values) counts[v]++;
  return counts;
}

export function writeTaskDataset(folder: string, task: TaskDefinition, options: PhantomOptions, hash: string, data: PhantomDataset): void {
  mkdirSync(join(folder, 'images'), { recursive: true });
  const digest = createHash('sha256');
  const entries: ManifestEntry[] = data.samples.map((s) => {
    const path = `images/${s.id}.png`;
    const bytes = encodeGrayPng({ pixels: s.pixels, width: options.imageSize, height: options.imageSize }, 16);
    writeFileSync(join(folder, path), bytes);
    digest.update(bytes);
    return { path, label: s.label, patientId: s.patientId, modality: s.modality, examId: s.examId };
  });
  writeManifest(join(folder, 'manifest.csv'), entries);
  const classes = task.labels.length;
  const record: SyntheticTaskRecord = {
    generator: `synthetic:${task.id}`,
    task: task.id,
    taskVersion: task.version,
    phantomVersion: TASK_PHANTOM_VERSION,
    options,
    phantom: task.phantom as TaskPhantom,
    hash,
    images: data.samples.length,
    exams: new Set(data.samples.map((s) => s.examId)).size,
    classCounts: countBy(data.patients.map((p) => p.label), classes),
    trueClassCounts: countBy(data.patients.map((p) => p.trueLabel), classes),
    pixelSha256: digest.digest('hex'),
    sites: data.sites,
    patients: data.patients.map((p) => ({ ...p.latent, patientId: p.patientId, label: p.label, trueLabel: p.trueLabel, site: p.site })),
  };
  writeFileSync(join(folder, 'dataset.json'), JSON.stringify(record, null, 2) + '\n');
}

/**
 * Returns the path of the task's synthetic manifest.csv, generating the data set only if no complete copy
 * exists. Unset `imagesPerPatient` and `labelNoise` come from the task's phantom section.
 */
export function materializeSyntheticTask(taskId: string, opts: SyntheticTaskOptions, dir: string): string {
  const task = getTask(taskId);
  const options = resolvePhantomOptions(task, opts);
  const hash = syntheticTaskHash(task, options);
  const classes = task.labels.length;
  const folder = materializeFolder(
    dir, hash, (f) => isComplete(f, hash, classes),
    (temp) => writeTaskDataset(temp, task, options, hash, generateTaskPhantom(task, options)),
  );
  return join(folder, 'manifest.csv');
}
