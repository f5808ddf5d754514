// Adapter for a DICOM study tree (patient/study/series/*.dcm, any depth): patient and exam come from each
// file's PatientID and StudyInstanceUID tags, never from folder names. Labels come from `labels.csv` at the
// root (or `?labels=<file>`), keyed by patient (column patientId) or by study (column studyInstanceUid), with a
// `label` column (or one named after the task) and an optional `split`. Each frame of a multi-frame file is an image.
import { join, relative, sep } from 'node:path';
import { findDicomFiles } from '../../dicom/dicom-files.ts';
import { parseLabel, parseSplit } from '../label-value.ts';
import type { SampleRef, SplitName } from '../sample-ref.ts';
import type { AdapterInput, AdapterOutput, DataAdapter } from './adapter.ts';
import { modalityName, readDicomIdentity, type DicomIdentity } from './dicom-identity.ts';
import { findColumn, readLabelsTable, requireColumn } from './labels-table.ts';

export const PATIENT_KEY_COLUMNS = ['patientId', 'PatientID', 'patient'] as const;
export const STUDY_KEY_COLUMNS = ['studyInstanceUid', 'StudyInstanceUID', 'studyUid', 'study'] as const;

interface LabelEntry {
  label?: number;
  split?: SplitName;
  line: number;
}

interface LabelIndex {
  file: string;
  key: 'patient' | 'study';
  labelColumn: string;
  entries: Map<string, LabelEntry>;
}

function readLabelIndex(input: AdapterInput): LabelIndex {
  const file = join(input.root, input.options.labels ?? 'labels.csv');
  const table = readLabelsTable(file, input.invalid);
  const studyColumn = findColumn(table, STUDY_KEY_COLUMNS);
  const keyColumn = studyColumn ?? requireColumn(table, PATIENT_KEY_COLUMNS, 'patient or study key');
  const labelColumn = findColumn(table, [input.task.id]) ?? requireColumn(table, ['label'], 'label');
  const splitColumn = findColumn(table, ['split']);
  const entries = new Map<string, LabelEntry>();
  for (const row of table.rows) {
    const key = row.cells.get(keyColumn)!;
    const cell = row.cells.get(labelColumn)!;
    const report = (column: number, reason: string): void => input.invalid.report({ path: file, reason, listedIn: file, line: row.line, column, kind: 'row' });
    if (entries.has(key.value)) {
      report(key.column, `${keyColumn} "${key.value}" is already labelled on line ${entries.get(key.value)!.line}`);
      continue;
    }
    const label = parseLabel(cell.value, false, { names: input.task.labels });
    const split = splitColumn === undefined ? undefined : parseSplit(row.cells.get(splitColumn)!.value);
    if (typeof label === 'string') report(cell.column, label);
    if (typeof split === 'object') report(row.cells.get(splitColumn!)!.column, split.problem);
    const valid = typeof label === 'number' && typeof split !== 'object';
    // An invalid row stays in the index without a label, so its files are left out as "label invalid", not "unlabelled".
    entries.set(key.value, { ...(valid ? { label } : {}), ...(typeof split === 'string' ? { split } : {}), line: row.line });
  }
  return { file, key: studyColumn ? 'study' : 'patient', labelColumn, entries };
}

interface IndexedFile {
  path: string;
  resolvedPath: string;
  identity: DicomIdentity;
}

function compareFiles(a: IndexedFile, b: IndexedFile): number {
  const keyOf = (f: IndexedFile): string[] => [f.identity.patientId ?? '', f.identity.studyUid ?? '', f.identity.seriesUid ?? ''];
  const [ka, kb] = [keyOf(a), keyOf(b)];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
  return (a.identity.instanceNumber ?? 0) - (b.identity.instanceNumber ?? 0) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}

function read(input: AdapterInput): AdapterOutput {
  const { root, task, invalid } = input;
  const labels = readLabelIndex(input);
  const indexed: IndexedFile[] = [];
  for (const found of findDicomFiles(root)) {
    const resolvedPath = join(root, found);
    const identity = readDicomIdentity(resolvedPath);
    if (typeof identity === 'string') invalid.report({ path: resolvedPath, reason: identity });
    else if (!identity.patientId) invalid.report({ path: resolvedPath, reason: 'no PatientID (0010,0020): the patient is needed for patient-level splits' });
    else if (!identity.studyUid) invalid.report({ path: resolvedPath, reason: 'no StudyInstanceUID (0020,000D): the exam is unknown' });
    else indexed.push({ path: relative(root, resolvedPath).split(sep).join('/'), resolvedPath, identity });
  }
  const refs: SampleRef[] = [];
  for (const file of indexed.sort(compareFiles)) {
    const { patientId, studyUid } = file.identity as Required<Pick<DicomIdentity, 'patientId' | 'studyUid'>> & DicomIdentity;
    const key = labels.key === 'study' ? studyUid : patientId;
    const entry = labels.entries.get(key);
    if (entry?.label === undefined) {
      // Under 'fail' the bad labels row is already reported; its files need not repeat it.
      if (entry && invalid.policy === 'fail') continue;
      const where = entry ? `its label on ${labels.file}:${entry.line} is invalid` : `${labels.key} ${key} has no row in ${labels.file}`;
      invalid.report({ path: file.resolvedPath, reason: `not labelled: ${where}` });
      continue;
    }
    for (let frame = 0; frame < file.identity.frames; frame++) {
      refs.push({
        path: file.identity.frames > 1 ? `${file.path}#${frame}` : file.path,
        resolvedPath: file.resolvedPath,
        ...(file.identity.frames > 1 ? { frame } : {}),
        label: entry.label,
        patientId,
        examId: studyUid,
        modality: modalityName(file.identity.modality, task.modality),
        ...(entry.split ? { split: entry.split } : {}),
        ...(file.identity.seriesDescription ? { view: file.identity.seriesDescription } : {}),
      });
    }
  }
  return { refs, labelsFile: labels.file, labelColumn: labels.labelColumn };
}

export const DICOM_TREE_ADAPTER: DataAdapter = {
  format: 'dicom-tree',
  options: { labels: 'CSV of labels keyed by patientId or studyInstanceUid, relative to the folder (default labels.csv)' },
  read,
};
