// Minimal RFC 4180 CSV reader/writer that remembers where each field starts (line and column, 1-based) so
// manifest errors can point at the user's text. Accepts CRLF or LF, a UTF-8 BOM, and quoted fields with
// commas, doubled quotes and line breaks; blank lines are skipped.

export interface CsvField {
  value: string;
  line: number;
  column: number;
}

export interface CsvRecord {
  line: number;
  fields: CsvField[];
}

export class CsvSyntaxError extends Error {
  constructor(readonly line: number, readonly column: number, message: string) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = i;
  let fields: CsvField[] = [];
  let recordLine = 1;
  const n = text.length;
  const endRecord = (): void => {
    const blank = fields.length === 1 && fields[0].value === '';
    if (!blank) records.push({ line: recordLine, fields });
    fields = [];
  };
  for (;;) {
    const fieldLine = line;
    const column = i - lineStart + 1;
    if (fields.length === 0) recordLine = line;
    let value = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= n) throw new CsvSyntaxError(fieldLine, column, 'unterminated quoted field');
        const c = text[i];
        if (c === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
          line++;
          lineStart = i + 1;
        }
        value += c;
        i++;
      }
      if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
        throw new CsvSyntaxError(line, i - lineStart + 1, 'unexpected character after a closing quote');
      }
    } else {
      const start = i;
      while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') i++;
      value = text.slice(start, i);
      if (value.includes('"')) throw new CsvSyntaxError(fieldLine, column, 'a quote inside an unquoted field');
    }
    fields.push({ value, line: fieldLine, column });
    if (i >= n) {
      endRecord();
      return records;
    }
    const c = text[i++];
    if (c === ',') continue;
    if (c === '\r' && text[i] === '\n') i++;
    line++;
    lineStart = i;
    endRecord();
    if (i >= n) return records;
  }
}

function quoteField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Serialises rows (header first) with LF line ends, quoting only where needed. */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(quoteField).join(',')).join('\n') + '\n';
}
