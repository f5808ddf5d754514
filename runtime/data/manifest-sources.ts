// Reads a manifest's raw rows (CSV or JSON) into one shape — column → value with its line and column — so a
// single validator can check both and point at the user's text.
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { CsvSyntaxError, parseCsv, type CsvRecord } from './csv.ts';
import type { ManifestIssue } from './manifest-error.ts';

export type RawValue = string | number | boolean | null | undefined | object;

export interface RawCell {
  value: RawValue;
  line: number;
  column: number;
}

export interface RawRow {
  line: number;
  column: number;
  cells: Map<string, RawCell>;
}

export interface RawTable {
  /** Column names as given (CSV header, or the union of JSON keys), with where they were declared. */
  columns: Map<string, { line: number; column: number }>;
  rows: RawRow[];
  /** Problems with the whole table (syntax, header): nothing can be read past them. */
  issues: ManifestIssue[];
  /** Problems confined to one row (a short CSV record, a JSON item that is not an object): that row is dropped. */
  rowIssues: ManifestIssue[];
}

export function readCsvTable(file: string, text: string): RawTable {
  const table: RawTable = { columns: new Map(), rows: [], issues: [], rowIssues: [] };
  let records: CsvRecord[];
  try {
    records = parseCsv(text);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    table.issues.push({ file, line: error.line, column: error.column, message: error.message });
    return table;
  }
  const [header, ...body] = records;
  if (!header) return table;
  const names = header.fields.map((f) => f.value.trim());
  header.fields.forEach((f, k) => {
    if (table.columns.has(names[k])) {
      table.issues.push({ file, line: f.line, column: f.column, message: `duplicate column "${names[k]}"` });
    } else {
      table.columns.set(names[k], { line: f.line, column: f.column });
    }
  });
  for (const record of body) {
    if (record.fields.length !== names.length) {
      const message = `expected ${names.length} fields like the header, found ${record.fields.length}`;
      table.rowIssues.push({ file, line: record.line, column: 1, message });
      continue;
    }
    const cells = new Map<string, RawCell>();
    record.fields.forEach((f, k) => cells.set(names[k], { value: f.value, line: f.line, column: f.column }));
    table.rows.push({ line: record.line, column: 1, cells });
  }
  return table;
}

export function readJsonTable(file: string, text: string): RawTable {
  const table: RawTable = { columns: new Map(), rows: [], issues: [], rowIssues: [] };
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const at = (offset: number | undefined): { line: number; column: number } => {
    const pos = lines.linePos(offset ?? 0);
    return { line: pos.line, column: pos.col };
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const where = doc.errors[0]?.linePos?.[0];
    const message = `not valid JSON (${(error as Error).message.split('\n')[0]})`;
    table.issues.push({ file, line: where?.line ?? 1, column: where?.col ?? 1, message });
    return table;
  }
  const seq = isSeq(doc.contents) ? doc.contents : undefined;
  if (!Array.isArray(data)) {
    table.issues.push({ file, ...at(0), message: 'a JSON manifest must be an array of objects' });
    return table;
  }
  data.forEach((item: unknown, index) => {
    const node = seq?.items[index];
    const where = at(isMap(node) || isScalar(node) ? node.range?.[0] : undefined);
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      table.rowIssues.push({ file, ...where, message: `item ${index} must be an object` });
      return;
    }
    const cells = new Map<string, RawCell>();
    for (const [key, value] of Object.entries(item as Record<string, RawValue>)) {
      const pair = isMap(node) ? node.items.find((p) => isScalar(p.key) && p.key.value === key) : undefined;
      const valueNode = pair?.value;
      const cellAt = at(isScalar(valueNode) ? valueNode.range?.[0] : isScalar(pair?.key) ? pair.key.range?.[0] : undefined);
      cells.set(key, { value, ...(pair ? cellAt : where) });
      if (!table.columns.has(key)) table.columns.set(key, cellAt);
    }
    table.rows.push({ ...where, cells });
  });
  return table;
}
