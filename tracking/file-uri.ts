// Local paths ↔ file: URIs exactly as MLflow spells them: file_utils.path_to_local_file_uri is
// pathlib.Path(abspath).as_uri(), which percent-encodes every UTF-8 byte outside [A-Za-z0-9_.~/-];
// local_file_uri_to_path takes the URI's path and unquotes it.
import { isAbsolute, resolve } from 'node:path';
import { TrackingError } from './errors.ts';

const PYTHON_QUOTE_SAFE = /[A-Za-z0-9_.~/-]/;

/** `file://` URI of a local path, byte-identical to Python's `pathlib.Path(p).as_uri()` on POSIX. */
export function pathToFileUri(path: string): string {
  const absolute = resolve(path);
  let encoded = '';
  for (const ch of absolute) {
    if (PYTHON_QUOTE_SAFE.test(ch)) {
      encoded += ch;
      continue;
    }
    for (const byte of Buffer.from(ch, 'utf8')) encoded += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return `file://${encoded}`;
}

/** Local path of a `file:` URI (`file:///abs`, `file:relative`); relative results resolve against `cwd`. */
export function fileUriToPath(uri: string, cwd: string = process.cwd()): string {
  if (!uri.startsWith('file:')) throw new TrackingError('NOT_SUPPORTED', `Not a file: URI: '${uri}'.`);
  let rest = uri.slice('file:'.length);
  if (rest.startsWith('//')) {
    // Skip the authority ("file://host/path"); MLflow ignores it too.
    const slash = rest.indexOf('/', 2);
    rest = slash === -1 ? '/' : rest.slice(slash);
  }
  rest = rest.split(/[?#]/, 1)[0];
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch (error) {
    throw new TrackingError('INVALID_VALUE', `Malformed percent-encoding in URI '${uri}'.`, { cause: error });
  }
  return isAbsolute(decoded) ? decoded : resolve(cwd, decoded);
}
