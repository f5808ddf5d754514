// The labelled-image manifest: CSV with header `path,label,patientId,modality` (+ optional `split`, `examId`,
// `view` or `plane`) or a JSON array of objects with the same fields; paths are relative to the manifest's
// folder, `file#n` names frame n of a multi-frame file. Reading checks every row and reports all problems at
// file:line:column before any image is loaded; with onInvalid 'skip' a bad row is left out and listed instead.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { formatCsv } from './csv.ts';
import type { OnInvalid } from './invalid-inputs.ts';
import { parseLabel, parseSplit } from './label-value.ts';
import { didYouMean, ManifestError, type ManifestIssue } from './manifest-error.ts';
import { readCsvTable, readJsonTable, type RawCell, type RawRow, type RawTable } from './manifest-sources.ts';
import type { SkippedInput, SplitName } from './sample-ref.ts';

export const REQUIRED_COLUMNS = ['path', 'label', 'patientId', 'modality'] as const;
export const OPTIONAL_COLUMNS = ['split', 'examId', 'view'] as const;
/** `plane` is read as `view` (MRI manifests say plane). */
const VIEW_ALIASES = ['view', 'plane'] as const;

export interface ManifestEntry {
  /** Image path, relative to the manifest's folder (or absolute); `file.dcm#2` is frame 2 of a multi-frame file. */
  path: string;
  label: number;
  patientId: string;
  modality: string;
  /** A fixed held-out split: "train" or "test" (blank: train). */
  split?: SplitName;
  /** The exam (MRI study, radiograph) the image belongs to; several slices share one exam and its label. */
  examId?: string;
  /** View or MRI plane (sagittal, coronal, axial, AP, …). */
  view?: string;
}

export interface ManifestRow extends ManifestEntry {
  /** Absolute path of the image file. */
  resolvedPath: string;
  /** Frame of a multi-frame file (`path#frame`). */
  frame?: number;
  /** Line of the row in the manifest (for later error messages). */
  line: number;
}

export interface Manifest {
  file: string;
  rows: ManifestRow[];
  /** Rows left out under onInvalid 'skip' (always empty under 'fail'). */
  skipped: SkippedInput[];
}

export interface ReadManifestOptions {
  /** Labels must lie in 0..numClasses−1. */
  numClasses?: number;
  /** The task's class names: a label cell may name the class instead of giving its index. */
  labelNames?: readonly string[];
  /** The column holding this task's labels (default "label"; a manifest may carry one column per task). */
  labelColumn?: string;
  /** Check that every image file exists (default true). */
  checkFiles?: boolean;
  /** 'fail' (default): throw every problem at once; 'skip': leave bad rows out and list them. */
  onInvalid?: OnInvalid;
}

/** A manifest file, or the manifest.csv / manifest.json inside a folder. */
export function resolveManifestPath(pathOrFolder: string): string {
  if (existsSync(pathOrFolder) && statSync(pathOrFolder).isDirectory()) {
    const found = tryFindManifest(pathOrFolder);
    if (found) return found;
    throw new Error(`${pathOrFolder}: folder holds neither manifest.csv nor manifest.json`);
  }
  return pathOrFolder;
}

export function tryFindManifest(folder: string): string | undefined {
  return ['manifest.csv', 'manifest.json'].map((name) => join(folder, name)).find((candidate) => existsSync(candidate));
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

function requiredColumns(labelColumn: string): string[] {
  return REQUIRED_COLUMNS.map((c) => (c === 'label' ? labelColumn : c));
}

function missingColumnIssues(file: string, table: RawTable, json: boolean, required: readonly string[]): ManifestIssue[] {
  if (json) return [];
  const present = [...table.columns.keys()];
  return required.filter((c) => !table.columns.has(c)).map((c) => {
    const guess = didYouMean(c, present);
    const hint = guess ? ` (found "${guess}": did you mean "${c}"?)` : '';
    return { file, line: 1, column: 1, message: `header lacks column "${c}"${hint}; expected ${required.join(',')}` };
  });
}

function text(cell: RawCell | undefined): string {
  if (cell === undefined || cell.value === null || cell.value === undefined) return '';
  return typeof cell.value === 'object' ? JSON.stringify(cell.value) : String(cell.value).trim();
}

/** The file a path names, and the frame when it ends in `#n` and the literal name is not a file. */
function splitFrame(resolvedPath: string): { file: string; frame?: number } {
  const match = /^(.*)#(\d+)$/.exec(resolvedPath);
  if (!match || existsSync(resolvedPath)) return { file: resolvedPath };
  return { file: match[1], frame: Number(match[2]) };
}

interface RowContext {
  file: string;
  options: ReadManifestOptions;
  labelColumn: string;
  seen: Map<string, number>;
}

/** The row, or its problems (each at the cell it concerns). */
function validateRow(context: RowContext, row: RawRow): ManifestRow | ManifestIssue[] {
  const { file, options, labelColumn, seen } = context;
  const issues: ManifestIssue[] = [];
  const flag = (column: string, message: string): void => {
    const cell = row.cells.get(column);
    issues.push({ file, line: cell?.line ?? row.line, column: cell?.column ?? row.column, message });
  };
  for (const column of requiredColumns(labelColumn)) if (!row.cells.has(column)) flag(column, `missing "${column}"`);
  if (issues.length > 0) return issues;
  const path = text(row.cells.get('path'));
  const resolvedPath = resolve(dirname(file), path);
  const { file: imageFile, frame } = splitFrame(resolvedPath);
  if (path === '') flag('path', 'path is empty');
  else if (seen.has(resolvedPath)) flag('path', `image "${path}" is already listed on line ${seen.get(resolvedPath)}`);
  else if ((options.checkFiles ?? true) && !(existsSync(imageFile) && statSync(imageFile).isFile())) {
    flag('path', `image file not found: ${isAbsolute(path) ? path : `${path} (resolved to ${imageFile})`}`);
  }
  seen.set(resolvedPath, row.line);
  const labelCell = row.cells.get(labelColumn) as RawCell;
  const label = parseLabel(text(labelCell), typeof labelCell.value === 'number', { numClasses: options.numClasses, names: options.labelNames });
  if (typeof label === 'string') flag(labelColumn, label);
  const patientId = text(row.cells.get('patientId'));
  if (patientId === '') flag('patientId', 'patientId is empty (needed for patient-level splits)');
  const modality = text(row.cells.get('modality'));
  if (modality === '') flag('modality', 'modality is empty');
  const split = parseSplit(text(row.cells.get('split')));
  if (typeof split === 'object') flag('split', split.problem);
  if (issues.length > 0 || typeof label === 'string') return issues;
  const examId = text(row.cells.get('examId'));
  const viewColumn = VIEW_ALIASES.find((c) => row.cells.has(c));
  const view = viewColumn === undefined ? '' : text(row.cells.get(viewColumn));
  return {
    path, label, patientId, modality,
    ...(typeof split === 'string' ? { split } : {}),
    ...(examId ? { examId } : {}),
    ...(view ? { view } : {}),
    resolvedPath: imageFile,
    ...(frame !== undefined ? { frame } : {}),
    line: row.line,
  };
}

function readTable(file: string): RawTable {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${file}: cannot read manifest (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return isJson(file) ? readJsonTable(file, content) : readCsvTable(file, content);
}

/** The column names a manifest declares (CSV header, or every key used in a JSON manifest). */
export function manifestColumns(pathOrFolder: string): string[] {
  return [...readTable(resolveManifestPath(pathOrFolder)).columns.keys()];
}

export function readManifest(pathOrFolder: string, options: ReadManifestOptions = {}): Manifest {
  const file = resolveManifestPath(pathOrFolder);
  const labelColumn = options.labelColumn ?? 'label';
  const table = readTable(file);
  const missing = missingColumnIssues(file, table, isJson(file), requiredColumns(labelColumn));
  const skip = options.onInvalid === 'skip';
  const fatal = [...table.issues, ...missing];
  const issues = [...fatal, ...(skip ? [] : table.rowIssues)];
  const skipped: SkippedInput[] = skip ? table.rowIssues.map((i) => ({ path: file, reason: i.message, listedIn: file, line: i.line })) : [];
  const rows: ManifestRow[] = [];
  if (missing.length === 0) {
    const context: RowContext = { file, options, labelColumn, seen: new Map() };
    for (const raw of table.rows) {
      const row = validateRow(context, raw);
      if (!Array.isArray(row)) rows.push(row);
      else if (!skip) issues.push(...row);
      else skipped.push({ path: text(raw.cells.get('path')) || file, reason: row.map((i) => i.message).join('; '), listedIn: file, line: raw.line });
    }
  }
  if (issues.length === 0 && rows.length === 0) {
    const message = skipped.length ? `every row is invalid (${skipped.length} skipped; first: line ${skipped[0].line}: ${skipped[0].reason})` : 'manifest lists no images';
    issues.push({ file, line: 1, column: 1, message });
  }
  if (issues.length > 0) throw new ManifestError(issues);
  return { file, rows, skipped };
}
