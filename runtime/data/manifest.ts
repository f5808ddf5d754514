// The labelled-image manifest: CSV with header `path,label,patientId,modality` (+ optional `split`, `examId`) or a
// JSON array of objects with the same fields; paths are relative to the manifest's folder. Reading checks
// every row and reports all problems at file:line:column before any image is loaded.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { formatCsv } from './csv.ts';
import { didYouMean, ManifestError, type ManifestIssue } from './manifest-error.ts';
import { readCsvTable, readJsonTable, type RawCell, type RawRow, type RawTable } from './manifest-sources.ts';

export const REQUIRED_COLUMNS = ['path', 'label', 'patientId', 'modality'] as const;
export const OPTIONAL_COLUMNS = ['split', 'examId'] as const;

export interface ManifestEntry {
  /** Image path, relative to the manifest's folder (or absolute). */
  path: string;
  label: number;
  patientId: string;
  modality: string;
  split?: string;
  /** The exam (MRI study, radiograph) the image belongs to; several slices share one exam and its label. */
  examId?: string;
}

export interface ManifestRow extends ManifestEntry {
  /** Absolute path of the image. */
  resolvedPath: string;
  /** Line of the row in the manifest (for later error messages). */
  line: number;
}

export interface Manifest {
  file: string;
  rows: ManifestRow[];
}

export interface ReadManifestOptions {
  /** Labels must lie in 0..numClasses−1. */
  numClasses?: number;
  /** Check that every image file exists (default true). */
  checkFiles?: boolean;
}

/** A manifest file, or the manifest.csv / manifest.json inside a folder. */
export function resolveManifestPath(pathOrFolder: string): string {
  if (existsSync(pathOrFolder) && statSync(pathOrFolder).isDirectory()) {
    for (const name of ['manifest.csv', 'manifest.json']) {
      const candidate = join(pathOrFolder, name);
      if (existsSync(candidate)) return candidate;
    }
    throw new Error(`${pathOrFolder}: folder holds neither manifest.csv nor manifest.json`);
  }
  return pathOrFolder;
}

function isJson(file: string): boolean {
  return extname(file).toLowerCase() === '.json';
}

export function writeManifest(file: string, entries: readonly ManifestEntry[]): void {
  if (isJson(file)) {
    writeFileSync(file, JSON.stringify(entries, null, 2) + '\n');
    return;
  }
  const optional = OPTIONAL_COLUMNS.filter((column) => entries.some((e) => e[column] !== undefined));
  const header: string[] = [...REQUIRED_COLUMNS, ...optional];
  const rows = entries.map((e) => [e.path, String(e.label), e.patientId, e.modality, ...optional.map((column) => e[column] ?? '')]);
  writeFileSync(file, formatCsv([header, ...rows]));
}

function missingColumnIssues(file: string, table: RawTable, json: boolean): ManifestIssue[] {
  if (json) return [];
  const present = [...table.columns.keys()];
  return REQUIRED_COLUMNS.filter((c) => !table.columns.has(c)).map((c) => {
    const guess = didYouMean(c, present);
    const hint = guess ? ` (found "${guess}": did you mean "${c}"?)` : '';
    return { file, line: 1, column: 1, message: `header lacks column "${c}"${hint}; expected ${REQUIRED_COLUMNS.join(',')}` };
  });
}

function text(cell: RawCell | undefined): string {
  if (cell === undefined || cell.value === null || cell.value === undefined) return '';
  return typeof cell.value === 'object' ? JSON.stringify(cell.value) : String(cell.value).trim();
}

function parseLabel(cell: RawCell, numClasses: number | undefined): number | string {
  const raw = text(cell);
  if (raw === '') return 'label is empty';
  const isInteger = typeof cell.value === 'number' ? Number.isInteger(cell.value) : /^[+-]?\d+$/.test(raw);
  if (!isInteger) return `label must be an integer (got "${raw}")`;
  const label = Number(raw);
  if (numClasses !== undefined && (label < 0 || label >= numClasses)) {
    return `label ${label} is not in the label set 0..${numClasses - 1}`;
  }
  return label;
}

function validateRow(
  file: string, row: RawRow, options: ReadManifestOptions, seen: Map<string, number>, issues: ManifestIssue[],
): ManifestRow | undefined {
  const before = issues.length;
  const flag = (column: string, message: string): void => {
    const cell = row.cells.get(column);
    issues.push({ file, line: cell?.line ?? row.line, column: cell?.column ?? row.column, message });
  };
  for (const column of REQUIRED_COLUMNS) if (!row.cells.has(column)) flag(column, `missing "${column}"`);
  if (issues.length > before) return undefined;
  const path = text(row.cells.get('path'));
  const resolvedPath = resolve(dirname(file), path);
  if (path === '') flag('path', 'path is empty');
  else if (seen.has(resolvedPath)) flag('path', `image "${path}" is already listed on line ${seen.get(resolvedPath)}`);
  else if ((options.checkFiles ?? true) && !(existsSync(resolvedPath) && statSync(resolvedPath).isFile())) {
    flag('path', `image file not found: ${isAbsolute(path) ? path : `${path} (resolved to ${resolvedPath})`}`);
  }
  seen.set(resolvedPath, row.line);
  const label = parseLabel(row.cells.get('label') as RawCell, options.numClasses);
  if (typeof label === 'string') flag('label', label);
  const patientId = text(row.cells.get('patientId'));
  if (patientId === '') flag('patientId', 'patientId is empty (needed for patient-level splits)');
  const modality = text(row.cells.get('modality'));
  if (modality === '') flag('modality', 'modality is empty');
  if (issues.length > before || typeof label === 'string') return undefined;
  const split = row.cells.has('split') ? text(row.cells.get('split')) : undefined;
  const examId = row.cells.has('examId') ? text(row.cells.get('examId')) : undefined;
  return { path, label, patientId, modality, ...(split ? { split } : {}), ...(examId ? { examId } : {}), resolvedPath, line: row.line };
}

export function readManifest(pathOrFolder: string, options: ReadManifestOptions = {}): Manifest {
  const file = resolveManifestPath(pathOrFolder);
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${file}: cannot read manifest (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const json = isJson(file);
  const table = json ? readJsonTable(file, content) : readCsvTable(file, content);
  const missing = missingColumnIssues(file, table, json);
  const issues = [...table.issues, ...missing];
  const rows: ManifestRow[] = [];
  if (missing.length === 0) {
    const seen = new Map<string, number>();
    for (const raw of table.rows) {
      const row = validateRow(file, raw, options, seen, issues);
      if (row) rows.push(row);
    }
  }
  if (issues.length === 0 && rows.length === 0) issues.push({ file, line: 1, column: 1, message: 'manifest lists no images' });
  if (issues.length > 0) throw new ManifestError(issues);
  return { file, rows };
}
