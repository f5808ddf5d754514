// Picks the tracking backend from a tracking URI, as MLflow's `--backend-store-uri` does for the forms
// we support: '' / 'none' → no tracking, a path or file: URI → file store, http(s) → the REST client.
import { resolve } from 'node:path';
import { TrackingError } from './errors.ts';
import { FileStoreSink, type FileStoreOptions } from './file-store.ts';
import { fileUriToPath } from './file-uri.ts';
import { NullSink } from './null-sink.ts';
import { RestSink, type RestSinkOptions } from './rest/rest-sink.ts';
import type { TrackingSink } from './sink.ts';

export interface OpenSinkOptions extends FileStoreOptions {
  /** Folder that relative paths resolve against; defaults to process.cwd(). */
  cwd?: string;
  /**
   * http(s) only: where to spool logging calls while the server is unreachable (conventionally
   * `<out>/.mlflow-spool`, replayed by `bench sync`). Without it such calls throw UNAVAILABLE.
   */
  spoolDir?: string;
  /** http(s) only: client settings (env for credentials, fetch, retry policy, timeouts, onOffline). */
  rest?: Omit<RestSinkOptions, 'spoolDir' | 'now' | 'user' | 'sourceName'>;
}

// Two or more letters, so a Windows drive ("C:\runs") is not taken for a scheme.
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]+):/;

export function openSink(uri: string, options: OpenSinkOptions = {}): TrackingSink {
  const { cwd = process.cwd(), spoolDir, rest, ...storeOptions } = options;
  const trimmed = uri.trim();
  if (trimmed === '' || trimmed.toLowerCase() === 'none') return new NullSink();

  const scheme = SCHEME.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === undefined) return new FileStoreSink(resolve(cwd, trimmed), storeOptions);
  if (scheme === 'file') return new FileStoreSink(fileUriToPath(trimmed, cwd), storeOptions);
  if (scheme === 'http' || scheme === 'https') {
    return new RestSink(trimmed, { ...rest, ...storeOptions, spoolDir: spoolDir === undefined ? undefined : resolve(cwd, spoolDir) });
  }
  throw new TrackingError(
    'NOT_SUPPORTED',
    `Tracking URI '${trimmed}': scheme '${scheme}:' is not supported; use a folder path, a file: URI, an http(s) ` +
      "MLflow server URL, or 'none'.",
  );
}
