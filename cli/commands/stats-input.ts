// Reads the data file of `bench stats` into named columns: a JSON object of arrays, or a CSV file with a header
// whose numbered columns f0…, p0…, pB0… gather into the vector columns features, probabilities, probabilitiesB.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { StatTable, type RawColumn } from '../../benchmarks/stats-catalog/stat-table.ts';
import { CsvSyntaxError, parseCsv, type CsvRecord } from '../../runtime/data/csv.ts';
import { UsageError } from '../exit-codes.ts';

/** CSV header prefixes of the vector columns: f3 is element 3 of "features". */
export const CSV_VECTOR_PREFIXES: Readonly<Record<string, string>> = { f: 'features', p: 'probabilities', pB: 'probabilitiesB' };

export function readStatTable(file: string): StatTable {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${file}: cannot read the data file (${(error as Error).message})`);
  }
  const extension = extname(file).toLowerCase();
  const looksJson = extension === '.json' || (extension !== '.csv' && /^\s*[{[]/.test(text));
  return looksJson ? jsonTable(text, file) : csvTable(text, file);
}

function jsonTable(text: string, file: string): StatTable {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: invalid JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`${file}: expected a JSON object of named columns, e.g. {"labels": [0, 1, 1], "scores": [0.2, 0.9, 0.6]}`);
  }
  const columns = new Map<string, RawColumn>();
  for (const [name, cells] of Object.entries(parsed)) {
    if (!Array.isArray(cells)) throw new UsageError(`${file}: column "${name}" must be an array with one value per sample (got ${JSON.stringify(cells)})`);
    columns.set(name, { cells, locate: (row, element) => `${file}: ${name}[${row}]${element === undefined ? '' : `[${element}]`}` });
  }
  return new StatTable(file, columns);
}

interface HeaderColumn {
  name: string;
  /** Position of each element in the record: one for a plain column, several for a vector column. */
  positions: number[];
  headers: string[];
  vector: boolean;
}

function csvTable(text: string, file: string): StatTable {
  let records: CsvRecord[];
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new UsageError(`${file}:${error.line}:${error.column}: ${error.message}`);
    throw error;
  }
  const [header, ...rows] = records;
  if (!header) throw new UsageError(`${file}: the file is empty (expected a header line of column names)`);
  const width = header.fields.length;
  for (const record of rows) {
    if (record.fields.length !== width) throw new UsageError(`${file}:${record.line}: ${record.fields.length} cells, but the header has ${width}`);
  }
  const columns = new Map<string, RawColumn>();
  for (const column of headerColumns(header, file)) {
    const cellOf = (record: CsvRecord) => column.positions.map((p) => record.fields[p].value);
    columns.set(column.name, {
      cells: rows.map((record) => (column.vector ? cellOf(record) : cellOf(record)[0])),
      locate: (row, element) => `${file}:${rows[row].line} (column ${column.headers[element ?? 0]})`,
    });
  }
  return new StatTable(file, columns);
}

function headerColumns(header: CsvRecord, file: string): HeaderColumn[] {
  const plain: HeaderColumn[] = [];
  const vectors = new Map<string, Array<{ index: number; position: number; header: string }>>();
  const seen = new Set<string>();
  header.fields.forEach((field, position) => {
    const name = field.value.trim();
    if (name === '') throw new UsageError(`${file}:${header.line}:${field.column}: empty column name in the header`);
    if (seen.has(name)) throw new UsageError(`${file}:${header.line}:${field.column}: column "${name}" appears twice in the header`);
    seen.add(name);
    const match = /^(f|p|pB)(\d+)$/.exec(name);
    if (!match) {
      plain.push({ name, positions: [position], headers: [name], vector: false });
      return;
    }
    const vectorName = CSV_VECTOR_PREFIXES[match[1]];
    vectors.set(vectorName, [...(vectors.get(vectorName) ?? []), { index: Number(match[2]), position, header: name }]);
  });
  const gathered = [...vectors].map(([name, elements]): HeaderColumn => {
    elements.sort((a, b) => a.index - b.index);
    elements.forEach((element, j) => {
      if (element.index !== j) throw new UsageError(`${file}:${header.line}: the "${name}" columns must be numbered 0, 1, … without gaps (found ${elements.map((e) => e.header).join(', ')})`);
    });
    return { name, positions: elements.map((e) => e.position), headers: elements.map((e) => e.header), vector: true };
  });
  const clash = gathered.find((column) => plain.some((p) => p.name === column.name));
  if (clash) throw new UsageError(`${file}: column "${clash.name}" is given both whole and as numbered columns`);
  return [...plain, ...gathered];
}
