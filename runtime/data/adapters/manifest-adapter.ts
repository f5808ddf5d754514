// Adapter for a manifest (CSV or JSON; see ../manifest.ts): one row per image with label, patient, optional
// exam, view/plane and train/test split. A manifest may carry one label column per task, named by task id;
// `?label=<column>` picks another. An image without an exam id is its own exam.
import { readManifest, manifestColumns } from '../manifest.ts';
import type { AdapterInput, AdapterOutput, DataAdapter } from './adapter.ts';

function labelColumnFor(input: AdapterInput): string {
  if (input.options.label !== undefined) return input.options.label;
  return manifestColumns(input.root).includes(input.task.id) ? input.task.id : 'label';
}

function read(input: AdapterInput): AdapterOutput {
  const labelColumn = labelColumnFor(input);
  const manifest = readManifest(input.root, {
    numClasses: input.task.labels.length,
    labelNames: input.task.labels,
    labelColumn,
    onInvalid: input.invalid.policy,
  });
  input.invalid.skipped.push(...manifest.skipped);
  const refs = manifest.rows.map((row) => ({
    path: row.path,
    resolvedPath: row.resolvedPath,
    ...(row.frame !== undefined ? { frame: row.frame } : {}),
    label: row.label,
    patientId: row.patientId,
    examId: row.examId ?? row.path,
    modality: row.modality,
    ...(row.split !== undefined ? { split: row.split } : {}),
    ...(row.view !== undefined ? { view: row.view } : {}),
    listedIn: manifest.file,
    line: row.line,
  }));
  return { refs, labelsFile: manifest.file, labelColumn };
}

export const MANIFEST_ADAPTER: DataAdapter = {
  format: 'manifest',
  options: { label: 'the column holding the labels (default: a column named after the task, else "label")' },
  read,
};
