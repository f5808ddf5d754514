// Adapter for MRNet-style slice stacks: one .npy per exam and plane (S×H×W, uint8 or float), either flat
// (<exam>.npy) or per plane (axial/<exam>.npy, coronal/…, sagittal/…, as MRNet ships them). Labels come from a
// CSV "exam,label" without header like MRNet's train-acl.csv (or with a header row starting "exam", which may add
// patientId and split columns): `?labels=<file>`, else labels.csv, else the folder's only .csv. Every slice is an
// image of its exam; exams are matched to files by name, "7" matching "0007.npy". Without patientId, exam = patient.
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseLabel, parseSplit } from '../label-value.ts';
import { readNpySliceCount } from '../npy-stack.ts';
import type { SampleRef, SplitName } from '../sample-ref.ts';
import type { AdapterInput, AdapterOutput, DataAdapter } from './adapter.ts';
import { dataSourceError } from './data-source.ts';
import { listFiles } from './folder-walk.ts';
import { findColumn, readLabelsTable } from './labels-table.ts';

const EXAM_COLUMNS = ['exam', 'examId', 'exam_id', 'id', 'case'] as const;

interface ExamEntry {
  examId: string;
  label?: number;
  patientId: string;
  split?: SplitName;
  line: number;
  hasFile: boolean;
}

/** "0007" and "7" name the same exam. */
function canonical(id: string): string {
  return /^\d+$/.test(id) ? String(Number(id)) : id;
}

function labelsFileOf(input: AdapterInput): string {
  if (input.options.labels !== undefined) return join(input.root, input.options.labels);
  if (existsSync(join(input.root, 'labels.csv'))) return join(input.root, 'labels.csv');
  const csvs = readdirSync(input.root).filter((name) => name.toLowerCase().endsWith('.csv'));
  if (csvs.length === 1) return join(input.root, csvs[0]);
  throw dataSourceError(input.root, `${csvs.length ? `several CSV files (${csvs.join(', ')})` : 'no labels CSV'}: say which with ?labels=<file>`);
}

function readExamLabels(input: AdapterInput): { file: string; exams: Map<string, ExamEntry> } {
  const file = labelsFileOf(input);
  const isHeader = (first: readonly string[]): boolean => EXAM_COLUMNS.some((c) => c.toLowerCase() === first[0]?.toLowerCase());
  const table = readLabelsTable(file, input.invalid, { headerless: ['exam', 'label'], hasHeader: isHeader });
  const examColumn = findColumn(table, EXAM_COLUMNS) ?? 'exam';
  const labelColumn = findColumn(table, [input.task.id, 'label']) ?? table.columns[1];
  const patientColumn = findColumn(table, ['patientId', 'patient']);
  const splitColumn = findColumn(table, ['split']);
  const exams = new Map<string, ExamEntry>();
  for (const row of table.rows) {
    const examId = row.cells.get(examColumn)!.value;
    const report = (reason: string): void => input.invalid.report({ path: file, reason, listedIn: file, line: row.line, kind: 'row' });
    if (examId === '') {
      report('exam id is empty');
      continue;
    }
    if (exams.has(canonical(examId))) {
      report(`exam "${examId}" is already labelled on line ${exams.get(canonical(examId))!.line}`);
      continue;
    }
    const label = parseLabel(row.cells.get(labelColumn)?.value ?? '', false, { names: input.task.labels });
    const split = splitColumn === undefined ? undefined : parseSplit(row.cells.get(splitColumn)!.value);
    if (typeof label === 'string') report(label);
    if (typeof split === 'object') report(split.problem);
    const patientId = (patientColumn === undefined ? '' : row.cells.get(patientColumn)!.value) || examId;
    const valid = typeof label === 'number' && typeof split !== 'object';
    exams.set(canonical(examId), {
      examId, patientId, line: row.line, hasFile: false,
      ...(valid ? { label } : {}), ...(typeof split === 'string' ? { split } : {}),
    });
  }
  return { file, exams };
}

function read(input: AdapterInput): AdapterOutput {
  const { root, task, invalid } = input;
  const { file: labelsFile, exams } = readExamLabels(input);
  const refs: SampleRef[] = [];
  for (const path of listFiles(root).filter((p) => p.toLowerCase().endsWith('.npy'))) {
    const resolvedPath = join(root, path);
    const exam = exams.get(canonical(basename(path, '.npy')));
    if (exam === undefined) {
      invalid.report({ path: resolvedPath, reason: `exam "${basename(path, '.npy')}" has no row in ${labelsFile}` });
      continue;
    }
    exam.hasFile = true;
    if (exam.label === undefined) continue; // its labels row is reported
    const slices = readNpySliceCount(resolvedPath);
    if (typeof slices === 'string') {
      invalid.report({ path, reason: slices, listedIn: labelsFile, line: exam.line });
      continue;
    }
    const plane = path.includes('/') ? path.slice(0, path.indexOf('/')) : undefined;
    for (let frame = 0; frame < slices; frame++) {
      refs.push({
        path: `${path}#${frame}`, resolvedPath, frame, label: exam.label, patientId: exam.patientId, examId: exam.examId,
        modality: task.modality, ...(exam.split ? { split: exam.split } : {}), ...(plane ? { view: plane } : {}),
        listedIn: labelsFile, line: exam.line,
      });
    }
  }
  for (const exam of exams.values()) {
    if (!exam.hasFile) invalid.report({ path: `${exam.examId}.npy`, reason: `no .npy stack for exam "${exam.examId}" under ${root}`, listedIn: labelsFile, line: exam.line });
  }
  return { refs, labelsFile };
}

export const MRNET_ADAPTER: DataAdapter = {
  format: 'mrnet',
  options: { labels: 'CSV of exam,label (MRNet style, header optional), relative to the folder (default labels.csv, else the only .csv)' },
  read,
};
