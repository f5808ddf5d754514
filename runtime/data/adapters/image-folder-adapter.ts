// Adapter for an image-folder layout: one folder per class, named by the class ("tear") or its index ("1"),
// holding PNG or DICOM images, directly or in sub-folders. Patient ids come from `patients.csv` at the root
// (columns path,patientId[,examId], paths relative to the root) when present, else from the first capture group
// of `?patient=<regex>` matched against the path inside the class folder (default ^([^/_.]+): "P001_left.png"
// and "P001/slice3.png" are patient P001). Exams: `?exam=<regex>`, else the sub-folder, else the image itself.
import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { imageKindOf } from '../decode-image-file.ts';
import { parseLabel } from '../label-value.ts';
import type { SampleRef } from '../sample-ref.ts';
import type { AdapterInput, AdapterOutput, DataAdapter } from './adapter.ts';
import { dataSourceError } from './data-source.ts';
import { isBareDicom, listFiles, listSubfolders, SIDECAR_EXTENSIONS } from './folder-walk.ts';
import { findColumn, readLabelsTable, requireColumn } from './labels-table.ts';

export const DEFAULT_PATIENT_PATTERN = '^([^/_.]+)';
const PATIENTS_FILE = 'patients.csv';

interface Identity {
  patientId: string;
  examId?: string;
  line?: number;
}

function compile(pattern: string, key: string, root: string): RegExp {
  try {
    return new RegExp(pattern);
  } catch (error) {
    throw dataSourceError(root, `?${key}= is not a regular expression: ${(error as Error).message}`);
  }
}

function firstGroup(pattern: RegExp, text: string): string | undefined {
  const match = pattern.exec(text);
  return match ? (match[1] ?? match[0]) : undefined;
}

/** patients.csv (or ?patients=) as path → identity, with the line each path was declared on. */
function readPatientsFile(input: AdapterInput): { file: string; byPath: Map<string, Identity> } | undefined {
  const file = join(input.root, input.options.patients ?? PATIENTS_FILE);
  if (input.options.patients === undefined && !existsSync(file)) return undefined;
  const table = readLabelsTable(file, input.invalid);
  const pathColumn = requireColumn(table, ['path', 'file'], 'path');
  const patientColumn = requireColumn(table, ['patientId', 'patient'], 'patient id');
  const examColumn = findColumn(table, ['examId', 'exam', 'studyInstanceUid']);
  const byPath = new Map<string, Identity>();
  for (const row of table.rows) {
    const patientId = row.cells.get(patientColumn)!.value;
    const examId = examColumn === undefined ? '' : row.cells.get(examColumn)!.value;
    if (patientId === '') input.invalid.report({ path: file, reason: 'patientId is empty', listedIn: file, line: row.line, kind: 'row' });
    else byPath.set(row.cells.get(pathColumn)!.value.replace(/\\/g, '/'), { patientId, ...(examId ? { examId } : {}), line: row.line });
  }
  return { file, byPath };
}

function isImage(file: string): boolean {
  return imageKindOf(file) === 'png' || imageKindOf(file) === 'dicom' || isBareDicom(file);
}

function read(input: AdapterInput): AdapterOutput {
  const { root, task, invalid } = input;
  const patients = readPatientsFile(input);
  const patientPattern = compile(input.options.patient ?? DEFAULT_PATIENT_PATTERN, 'patient', root);
  const examPattern = input.options.exam === undefined ? undefined : compile(input.options.exam, 'exam', root);
  const refs: SampleRef[] = [];
  for (const folder of listSubfolders(root)) {
    const label = parseLabel(folder, false, { names: task.labels });
    if (typeof label === 'string') {
      invalid.report({ path: join(root, folder), reason: `folder "${folder}" is not a class of ${task.id}: ${label}` });
      continue;
    }
    for (const inside of listFiles(join(root, folder))) {
      const path = `${folder}/${inside}`;
      const resolvedPath = join(root, folder, inside);
      if (!isImage(resolvedPath)) {
        if (!SIDECAR_EXTENSIONS.has(extname(inside).toLowerCase())) invalid.report({ path: resolvedPath, reason: `unsupported image type "${extname(inside) || 'no extension'}" (PNG or DICOM expected)` });
        continue;
      }
      const declared = patients?.byPath.get(path);
      const patientId = patients ? declared?.patientId : firstGroup(patientPattern, inside);
      if (patientId === undefined || patientId === '') {
        const reason = patients ? `not listed in ${patients.file}` : `file name does not match the patient pattern /${patientPattern.source}/`;
        invalid.report({ path: resolvedPath, reason });
        continue;
      }
      const subfolder = inside.includes('/') ? inside.slice(0, inside.lastIndexOf('/')) : '';
      const examId = declared?.examId ?? (examPattern ? firstGroup(examPattern, inside) : undefined) ?? `${folder}/${subfolder || inside}`;
      refs.push({
        path, resolvedPath, label, patientId, examId, modality: task.modality,
        ...(patients ? { listedIn: patients.file, line: declared?.line } : {}),
      });
    }
  }
  return { refs, ...(patients ? { labelsFile: patients.file } : {}) };
}

export const IMAGE_FOLDER_ADAPTER: DataAdapter = {
  format: 'image-folder',
  options: {
    patient: `regular expression on the path inside the class folder; its first group is the patient id (default ${DEFAULT_PATIENT_PATTERN})`,
    exam: 'regular expression whose first group is the exam id (default: the sub-folder, else the image)',
    patients: `CSV of path,patientId[,examId] relative to the folder (default ${PATIENTS_FILE} when present)`,
  },
  read,
};
