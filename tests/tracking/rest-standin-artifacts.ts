// The stand-in's artifact reads: runs' ListArtifacts (GET /api/2.0/mlflow/artifacts/list, one folder level,
// paths relative to the run's artifact root, folders without a size, as handlers._list_artifacts answers for
// an mlflow-artifacts: root) and downloads through the artifact proxy (GET on the upload URL).
import { invalid, missing, type Json } from './rest-standin-json.ts';
import type { StandinStore } from './rest-standin-store.ts';

const PROXY_ROOT = 'mlflow-artifacts:/';

function runArtifactRoot(store: StandinStore, query: URLSearchParams): string {
  const runId = query.get('run_id') ?? query.get('run_uuid');
  const run = runId ? store.runs.get(runId) : undefined;
  if (run === undefined) throw missing(`Run with id=${runId} not found`);
  return run.info.artifact_uri.slice(PROXY_ROOT.length);
}

export function listArtifacts(store: StandinStore, query: URLSearchParams): Json {
  const root = runArtifactRoot(store, query);
  const path = query.get('path') ?? '';
  if (path.split('/').some((s) => s === '..') || path.startsWith('/')) throw invalid(`Invalid path: '${path}'`);
  const prefix = path === '' ? `${root}/` : `${root}/${path}/`;
  const entries = new Map<string, { path: string; is_dir: boolean; file_size?: number }>();
  for (const [key, content] of store.artifacts) {
    if (!key.startsWith(prefix)) continue;
    const [name, ...deeper] = key.slice(prefix.length).split('/');
    const relative = path === '' ? name : `${path}/${name}`;
    entries.set(relative, deeper.length > 0 ? { path: relative, is_dir: true } : { path: relative, is_dir: false, file_size: content.length });
  }
  const files = [...entries.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
  return files.length > 0 ? { root_uri: `${PROXY_ROOT}${root}`, files } : { root_uri: `${PROXY_ROOT}${root}` };
}

export function downloadArtifact(store: StandinStore, path: string): Buffer {
  const content = store.artifacts.get(path);
  if (content === undefined) throw missing(`No artifact at '${path}'`);
  return content;
}
