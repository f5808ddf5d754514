// Reads runs back from an MLflow file store: the run is found by id in any experiment (as
// FileStore.get_run does), params/tags/metrics are the files under the run folder (a '/' in a key is a
// sub-folder), metric lines are "<timestamp> <value> <step>", and artifacts live at the run's file: artifact_uri.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { TrackingError } from './errors.ts';
import { listExperiments } from './experiments.ts';
import { readRunInfo } from './file-run.ts';
import { fileUriToPath } from './file-uri.ts';
import type { RunInfo } from './meta-records.ts';
import { validateKey, validateRunId } from './names.ts';
import { parsePythonFloat } from './python-float.ts';
import type { ArtifactEntry, RunSnapshot, StoredMetricPoint, TrackingReader } from './reader.ts';
import { runSnapshot } from './run-snapshot.ts';
import { isMissing } from './store-io.ts';

/** Relative '/'-separated paths of the files under `dir` (none when it does not exist). */
async function filesUnder(dir: string, prefix = ''): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(join(dir, prefix), { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
  const files: string[] = [];
  for (const entry of entries) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await filesUnder(dir, path)));
    else if (entry.isFile()) files.push(path);
  }
  return files.sort();
}

async function readValues(dir: string): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const key of await filesUnder(dir)) values[key] = await readFile(join(dir, key), 'utf8');
  return values;
}

function parseMetricLine(line: string, file: string, n: number): StoredMetricPoint {
  const [timestamp, value, step, extra] = line.trim().split(/\s+/);
  const point = { timestamp: Number(timestamp), value: Number.NaN, step: Number(step ?? '0') };
  try {
    point.value = parsePythonFloat(value ?? '');
  } catch {
    throw new TrackingError('CORRUPT_STORE', `${file}:${n}: unreadable metric value in '${line}'.`);
  }
  if (extra !== undefined || !Number.isSafeInteger(point.timestamp) || !Number.isSafeInteger(point.step)) {
    throw new TrackingError('CORRUPT_STORE', `${file}:${n}: expected '<timestamp> <value> <step>', got '${line}'.`);
  }
  return point;
}

export class FileStoreReader implements TrackingReader {
  readonly rootDir: string;

  constructor(rootDir: string) {
    this.rootDir = resolve(rootDir);
  }

  describe(): string {
    return `MLflow file store at ${this.rootDir}`;
  }

  async getRun(runId: string): Promise<RunSnapshot | undefined> {
    const found = await this.findRun(runId);
    if (found === undefined) return undefined;
    const { info, runDir } = found;
    return runSnapshot(info, {
      params: await readValues(join(runDir, 'params')),
      tags: await readValues(join(runDir, 'tags')),
      metricKeys: await filesUnder(join(runDir, 'metrics')),
    });
  }

  async getMetricHistory(runId: string, key: string): Promise<StoredMetricPoint[]> {
    validateKey('metric', key);
    const file = join((await this.requireRun(runId)).runDir, 'metrics', key);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    return text
      .split('\n')
      .map((line, i) => ({ line, n: i + 1 }))
      .filter(({ line }) => line.trim() !== '')
      .map(({ line, n }) => parseMetricLine(line, file, n));
  }

  async listArtifacts(runId: string, path = ''): Promise<ArtifactEntry[]> {
    const root = await this.artifactRoot(runId);
    const dir = this.inside(root, path);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    const listed: ArtifactEntry[] = [];
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const rel = relative(root, join(dir, entry.name)).split(sep).join('/');
      if (entry.isDirectory()) listed.push({ path: rel, isDir: true });
      else if (entry.isFile()) listed.push({ path: rel, isDir: false, size: (await stat(join(dir, entry.name))).size });
    }
    return listed;
  }

  async readArtifact(runId: string, path: string): Promise<Uint8Array | undefined> {
    const file = this.inside(await this.artifactRoot(runId), path);
    try {
      return new Uint8Array(await readFile(file));
    } catch (error) {
      if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
      throw error;
    }
  }

  private async findRun(runId: string): Promise<{ info: RunInfo; runDir: string } | undefined> {
    validateRunId(runId);
    for (const experiment of await listExperiments(this.rootDir)) {
      const runDir = join(experiment.dir, runId);
      let info: RunInfo;
      try {
        info = await readRunInfo(runDir);
      } catch (error) {
        if ((error as { code?: string }).code === 'NOT_FOUND') continue;
        throw error;
      }
      if (info.runId === runId && info.experimentId === experiment.experimentId) return { info, runDir };
    }
    return undefined;
  }

  private async requireRun(runId: string): Promise<{ info: RunInfo; runDir: string }> {
    const found = await this.findRun(runId);
    if (found === undefined) throw new TrackingError('NOT_FOUND', `No run ${runId} in ${this.describe()}.`);
    return found;
  }

  private async artifactRoot(runId: string): Promise<string> {
    const { info } = await this.requireRun(runId);
    if (!info.artifactUri.startsWith('file:')) {
      throw new TrackingError('NOT_SUPPORTED', `Run ${runId} stores its artifacts at '${info.artifactUri}', which this reader cannot open.`);
    }
    return fileUriToPath(info.artifactUri);
  }

  /** `path` under `root`, refusing absolute paths and paths that climb out of it. */
  private inside(root: string, path: string): string {
    const target = resolve(root, path);
    if (target !== root && !target.startsWith(root + sep)) {
      throw new TrackingError('INVALID_KEY', `Artifact path '${path}' must be a relative path inside the run's artifact folder.`);
    }
    return target;
  }
}
