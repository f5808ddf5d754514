// `bench data generate`: writes a task's synthetic phantoms into a folder as a user's data set would look —
// PNG images with manifest.csv, or a DICOM study tree (<patient>/<exam>/<series>/<n>.dcm: 16-bit Secondary
// Capture with PatientID, StudyInstanceUID and series per plane) with labels.csv keyed by StudyInstanceUID —
// so the DICOM adapter runs end to end on data whose truth is known.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getTask } from '../../benchmarks/tasks/registry.ts';
import type { TaskDefinition } from '../../benchmarks/tasks/task.ts';
import { uidFromLabel } from '../dicom/dicom-uid.ts';
import { grayImageToDicom } from '../dicom/gray-image-dicom.ts';
import { writeDicom } from '../dicom/write-dicom.ts';
import { formatCsv } from './csv.ts';
import { syntheticTaskHash, writeTaskDataset } from './materialize-task.ts';
import type { PhantomDataset, PhantomOptions } from './phantoms/phantom-dataset.ts';
import { generateTaskPhantom, resolvePhantomOptions, type SyntheticTaskOptions } from './phantoms/task-phantoms.ts';

export type GeneratedFormat = 'png' | 'dicom';

export interface GeneratedDataset {
  folder: string;
  format: GeneratedFormat;
  images: number;
  exams: number;
  patients: number;
  /** manifest.csv (png) or labels.csv (dicom). */
  labelsFile: string;
}

export class OutputFolderError extends Error {}

function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_');
}

function writeDicomTree(folder: string, task: TaskDefinition, options: PhantomOptions, data: PhantomDataset): string {
  const scope = `${task.id}:v${task.version}:seed${options.seed}`;
  const studyUid = (examId: string): string => uidFromLabel(`study:${scope}:${examId}`);
  const counters = new Map<string, number>();
  for (const s of data.samples) {
    const series = s.plane ?? (s.modality === 'mri' ? 'series' : 'radiograph');
    const seriesKey = `${s.examId}/${series}`;
    const instanceNumber = (counters.get(seriesKey) ?? 0) + 1;
    counters.set(seriesKey, instanceNumber);
    const dir = join(folder, safeName(s.patientId), safeName(s.examId), safeName(series));
    mkdirSync(dir, { recursive: true });
    const image = { pixels: s.pixels, width: options.imageSize, height: options.imageSize };
    writeDicom(join(dir, `${String(instanceNumber).padStart(3, '0')}.dcm`), {
      ...grayImageToDicom(image, {
        patientId: s.patientId,
        modality: s.modality === 'mri' ? 'MR' : 'DX',
        instanceNumber,
        studyUid: studyUid(s.examId),
        seriesUid: uidFromLabel(`series:${scope}:${seriesKey}`),
      }),
      sopInstanceUid: uidFromLabel(`instance:${scope}:${s.id}`),
    });
  }
  const labelOf = new Map(data.samples.map((s) => [s.examId, s.label]));
  const rows = [...labelOf].map(([examId, label]) => [studyUid(examId), task.labels[label]]);
  const labelsFile = join(folder, 'labels.csv');
  writeFileSync(labelsFile, formatCsv([['studyInstanceUid', 'label'], ...rows]));
  return labelsFile;
}

/** Writes the phantoms into `folder`, which must be absent or empty. */
export function writeTaskPhantomFiles(taskId: string, opts: SyntheticTaskOptions, folder: string, format: GeneratedFormat): GeneratedDataset {
  if (existsSync(folder) && readdirSync(folder).length > 0) throw new OutputFolderError(`${folder}: not empty; give a new or empty folder`);
  const task = getTask(taskId);
  const options = resolvePhantomOptions(task, opts);
  const data = generateTaskPhantom(task, options);
  mkdirSync(folder, { recursive: true });
  let labelsFile: string;
  if (format === 'png') {
    writeTaskDataset(folder, task, options, syntheticTaskHash(task, options), data);
    labelsFile = join(folder, 'manifest.csv');
  } else {
    labelsFile = writeDicomTree(folder, task, options, data);
    const record = { generator: `synthetic:${task.id}`, task: task.id, taskVersion: task.version, format, options, images: data.samples.length };
    writeFileSync(join(folder, 'dataset.json'), `${JSON.stringify(record, null, 2)}\n`);
  }
  return {
    folder, format, labelsFile,
    images: data.samples.length,
    exams: new Set(data.samples.map((s) => s.examId)).size,
    patients: new Set(data.samples.map((s) => s.patientId)).size,
  };
}
