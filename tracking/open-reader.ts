// Picks the reader for a tracking URI, with the same forms `openSink` accepts: a folder or file: URI is
// the file store, http(s) a tracking server. '' and 'none' name no store, so there is nothing to read.
import { resolve } from 'node:path';
import { TrackingError } from './errors.ts';
import { FileStoreReader } from './file-reader.ts';
import { fileUriToPath } from './file-uri.ts';
import type { TrackingReader } from './reader.ts';
import type { MlflowRestClientOptions } from './rest/client.ts';
import { RestReader } from './rest/rest-reader.ts';

export interface OpenReaderOptions {
  /** Folder that relative paths resolve against; defaults to process.cwd(). */
  cwd?: string;
  /** http(s) only: client settings (env for credentials, fetch, retry policy). */
  rest?: MlflowRestClientOptions;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]+):/;

export function openReader(uri: string, options: OpenReaderOptions = {}): TrackingReader {
  const { cwd = process.cwd(), rest } = options;
  const trimmed = uri.trim();
  if (trimmed === '' || trimmed.toLowerCase() === 'none') {
    throw new TrackingError('NOT_SUPPORTED', `Tracking URI '${trimmed}' names no tracking store to read runs from.`);
  }
  const scheme = SCHEME.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === undefined) return new FileStoreReader(resolve(cwd, trimmed));
  if (scheme === 'file') return new FileStoreReader(fileUriToPath(trimmed, cwd));
  if (scheme === 'http' || scheme === 'https') return new RestReader(trimmed, rest);
  throw new TrackingError(
    'NOT_SUPPORTED',
    `Tracking URI '${trimmed}': scheme '${scheme}:' is not supported; use a folder path, a file: URI or an http(s) MLflow server URL.`,
  );
}
