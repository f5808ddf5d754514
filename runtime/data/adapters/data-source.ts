// The syntax of a path data source: `<path>[?key=value&key=value]`, values percent-decoded (write %26 for a
// literal "&"; "+" stays "+", so a regular expression can be written as is). A path that exists as written is
// taken whole, so a file name containing "?" still works.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidDatasetError } from '../manifest-error.ts';

export interface PathSource {
  /** Absolute path of the manifest or folder. */
  path: string;
  options: Record<string, string>;
}

/** A problem with the data source itself, as an input error naming it (exit 2 in the CLI). */
export function dataSourceError(source: string, detail: string): InvalidDatasetError {
  return new InvalidDatasetError([{ file: source, message: detail }]);
}

export function parseDataSource(source: string, baseDir = process.cwd()): PathSource {
  const whole = resolve(baseDir, source);
  const at = source.indexOf('?');
  if (at < 0 || existsSync(whole)) return { path: whole, options: {} };
  const options: Record<string, string> = {};
  for (const pair of source.slice(at + 1).split('&').filter((p) => p !== '')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw dataSourceError(source, `option "${pair}" is not key=value`);
    const key = pair.slice(0, eq);
    let value: string;
    try {
      value = decodeURIComponent(pair.slice(eq + 1));
    } catch {
      throw dataSourceError(source, `option ${key}: bad percent-encoding in "${pair.slice(eq + 1)}"`);
    }
    if (key in options) throw dataSourceError(source, `option "${key}" is given twice`);
    options[key] = value;
  }
  return { path: resolve(baseDir, source.slice(0, at)), options };
}
