// The named columns `bench stats` reads (decoded from JSON or CSV by the CLI), with typed accessors whose errors
// name the file, the column and the row or CSV line of the offending cell, so the user can find it.
import { closestMatch } from '../../dsl/did-you-mean.ts';

/** Bad user data: a missing column, columns of different lengths, a cell that is not what the column needs. */
export class StatInputError extends Error {
  override name = 'StatInputError';
}

/** Where a cell came from: "data.csv:7 (column scores)" or "data.json: scores[6]"; `element` indexes a vector cell. */
export type CellLocator = (row: number, element?: number) => string;

export interface RawColumn {
  /** JSON values as parsed, or CSV strings; a vector column holds one array per row. */
  cells: readonly unknown[];
  locate: CellLocator;
}

export class StatTable {
  constructor(
    /** The file the table came from, for messages. */
    readonly source: string,
    private readonly columns: ReadonlyMap<string, RawColumn>,
  ) {}

  names(): string[] {
    return [...this.columns.keys()];
  }

  has(name: string): boolean {
    return this.columns.has(name);
  }

  /** Finite numbers; a CSV cell is parsed, a JSON cell must already be a number. */
  numbers(name: string): number[] {
    const column = this.column(name);
    return column.cells.map((cell, row) => toNumber(cell, () => column.locate(row)));
  }

  /** Whether every cell of the column reads as a finite number (a model column of a Friedman table). */
  isNumeric(name: string): boolean {
    return this.column(name).cells.every((cell) => tryNumber(cell) !== undefined);
  }

  /** Class indices 0, 1, … (labels, predictions). */
  classIndices(name: string): number[] {
    const column = this.column(name);
    return column.cells.map((cell, row) => {
      const value = toNumber(cell, () => column.locate(row));
      if (!Number.isInteger(value) || value < 0) {
        throw new StatInputError(`${column.locate(row)}: ${value} is not a class index (an integer 0, 1, …)`);
      }
      return value;
    });
  }

  /** Identifiers such as patient ids: strings or numbers, never empty. */
  texts(name: string): string[] {
    const column = this.column(name);
    return column.cells.map((cell, row) => {
      if ((typeof cell === 'string' && cell.trim() !== '') || (typeof cell === 'number' && Number.isFinite(cell))) return String(cell).trim();
      throw new StatInputError(`${column.locate(row)}: ${describe(cell)} is not an identifier (a non-empty string or a number)`);
    });
  }

  /** One vector of finite numbers per row, all of the same length (probabilities, features). */
  vectors(name: string): number[][] {
    const column = this.column(name);
    const rows = column.cells.map((cell, row) => {
      if (!Array.isArray(cell)) throw new StatInputError(`${column.locate(row)}: ${describe(cell)} is not an array of numbers`);
      return cell.map((element: unknown, j) => toNumber(element, () => column.locate(row, j)));
    });
    const width = rows[0]?.length ?? 0;
    rows.forEach((vector, row) => {
      if (vector.length !== width) throw new StatInputError(`${column.locate(row)}: ${vector.length} entries, but row 1 has ${width}`);
    });
    return rows;
  }

  /** The common row count of the named columns; throws naming the first column whose length differs. */
  rowCount(names: readonly string[]): number {
    const [first, ...rest] = names;
    const n = this.column(first).cells.length;
    for (const name of rest) {
      const length = this.column(name).cells.length;
      if (length !== n) throw new StatInputError(`${this.source}: column "${name}" has ${length} values but "${first}" has ${n}`);
    }
    if (n === 0) throw new StatInputError(`${this.source}: column "${first}" is empty`);
    return n;
  }

  private column(name: string): RawColumn {
    const column = this.columns.get(name);
    if (column) return column;
    const present = this.names();
    const nearMiss = closestMatch(name, present);
    const hint = nearMiss ? `; is column "${nearMiss}" meant to be "${name}"?` : '';
    throw new StatInputError(`${this.source}: no column "${name}" (columns present: ${present.join(', ') || 'none'})${hint}`);
  }
}

function tryNumber(cell: unknown): number | undefined {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : undefined;
  if (typeof cell !== 'string' || cell.trim() === '') return undefined;
  const value = Number(cell.trim());
  return Number.isFinite(value) ? value : undefined;
}

function toNumber(cell: unknown, locate: () => string): number {
  const value = tryNumber(cell);
  if (value === undefined) throw new StatInputError(`${locate()}: ${describe(cell)} is not a finite number`);
  return value;
}

function describe(cell: unknown): string {
  if (typeof cell === 'string') return cell.trim() === '' ? 'an empty cell' : JSON.stringify(cell);
  return cell === undefined ? 'a missing value' : JSON.stringify(cell);
}
