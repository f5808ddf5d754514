// A small CSV that labels a folder-shaped data set (labels.csv keyed by patient or study, MRNet's "exam,label",
// patients.csv of an image folder), read with every cell's line and column so problems point at the user's text.
import { existsSync, readFileSync } from 'node:fs';
import { CsvSyntaxError, parseCsv, type CsvField, type CsvRecord } from '../csv.ts';
import type { InvalidInputs } from '../invalid-inputs.ts';
import { InvalidDatasetError } from '../manifest-error.ts';

export interface TableRow {
  line: number;
  cells: Map<string, CsvField>;
}

export interface LabelsTable {
  file: string;
  columns: string[];
  rows: TableRow[];
}

export interface ReadTableOptions {
  /** Column names for a file without a header (MRNet's "0000,0"); used when `hasHeader` says no. */
  headerless?: readonly string[];
  hasHeader?: (first: readonly string[]) => boolean;
}

function fatal(file: string, message: string, line?: number, column?: number): InvalidDatasetError {
  return new InvalidDatasetError([{ file, ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}), message }]);
}

export function readLabelsTable(file: string, invalid: InvalidInputs, options: ReadTableOptions = {}): LabelsTable {
  if (!existsSync(file)) throw fatal(file, 'labels file not found');
  let records: CsvRecord[];
  try {
    records = parseCsv(readFileSync(file, 'utf8'));
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw fatal(file, error.message, error.line, error.column);
    throw error;
  }
  if (records.length === 0) throw fatal(file, 'labels file is empty');
  const first = records[0].fields.map((f) => f.value.trim());
  const header = options.headerless === undefined || (options.hasHeader?.(first) ?? true);
  const columns = header ? first : [...options.headerless!];
  const rows: TableRow[] = [];
  for (const record of header ? records.slice(1) : records) {
    if (record.fields.length !== columns.length) {
      const reason = `expected ${columns.length} fields (${columns.join(',')}), found ${record.fields.length}`;
      invalid.report({ path: file, reason, listedIn: file, line: record.line, kind: 'row' });
      continue;
    }
    rows.push({ line: record.line, cells: new Map(record.fields.map((f, k) => [columns[k], { ...f, value: f.value.trim() }])) });
  }
  return { file, columns, rows };
}

/** The first of the candidate column names the table has (compared without case). */
export function findColumn(table: LabelsTable, candidates: readonly string[]): string | undefined {
  const lower = candidates.map((c) => c.toLowerCase());
  for (const want of lower) {
    const found = table.columns.find((c) => c.toLowerCase() === want);
    if (found !== undefined) return found;
  }
  return undefined;
}

export function requireColumn(table: LabelsTable, candidates: readonly string[], what: string): string {
  const found = findColumn(table, candidates);
  if (found === undefined) throw fatal(table.file, `header lacks a ${what} column (one of ${candidates.join(', ')}; found ${table.columns.join(', ')})`, 1, 1);
  return found;
}
