import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, formatCsv, parseCsv } from '../../runtime/data/csv.ts';

const values = (text: string): string[][] => parseCsv(text).map((r) => r.fields.map((f) => f.value));

describe('RFC 4180 CSV', () => {
  it('parses quoted commas, doubled quotes, CRLF, a BOM and skips blank lines', () => {
    const text = '\ufeffpath,label\r\n"a, b.png",1\r\n\r\n"say ""hi""",2\nlast,\n';
    expect(values(text)).toEqual([['path', 'label'], ['a, b.png', '1'], ['say "hi"', '2'], ['last', '']]);
  });

  it('records the line and column where each field starts, across quoted line breaks', () => {
    const records = parseCsv('a,b\n"x\ny",z\nq,"r"\n');
    expect(records.map((r) => r.line)).toEqual([1, 2, 4]);
    expect(records[1].fields.map((f) => [f.line, f.column])).toEqual([[2, 1], [3, 4]]);
    expect(records[2].fields[1]).toEqual({ value: 'r', line: 4, column: 3 });
  });

  it('reports malformed quoting with its position', () => {
    const at = (text: string): [number, number] => {
      try {
        parseCsv(text);
      } catch (error) {
        if (error instanceof CsvSyntaxError) return [error.line, error.column];
      }
      return [0, 0];
    };
    expect(at('a,b\n1,"open\n')).toEqual([2, 3]);
    expect(at('a,b\n1,"x"y\n')).toEqual([2, 6]);
    expect(at('a,b\n1,x"y\n')).toEqual([2, 3]);
  });

  it('formatting quotes only what needs it and parses back to the same rows', () => {
    const rows = [['path', 'note'], ['a,b.png', 'he said "no"'], [' padded', 'line\nbreak'], ['plain', '']];
    const text = formatCsv(rows);
    expect(text.split('\n')[0]).toBe('path,note');
    expect(text).toContain('"a,b.png","he said ""no"""');
    expect(values(text)).toEqual(rows);
  });
});
