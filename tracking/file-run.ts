// A run in an MLflow file store: params/<key> and tags/<key> hold raw values with no trailing newline,
// metrics/<key> gains one "<timestamp_ms> <value> <step>" line per point, and a key with '/' becomes
// sub-folders (file_store._log_run_param, _set_run_tag, _log_run_metric).
import { appendFile, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { TrackingError } from './errors.ts';
import { stringifyParamValue } from './flatten.ts';
import { parseRunMeta, runMetaRecord, type RunInfo } from './meta-records.ts';
import { stampMetricPoint } from './metric-point.ts';
import { validateKey, validateValueLength } from './names.ts';
import { formatPythonFloat } from './python-float.ts';
import type { EndStatus, MetricPoint, ParamValue, TrackedRun } from './sink.ts';
import { isMissing, META_FILE, tryReadMeta, writeMeta } from './store-io.ts';

export const RUN_NAME_TAG = 'mlflow.runName';

/** Reads a run's meta.yaml; throws NOT_FOUND when the run folder has none. */
export async function readRunInfo(runDir: string): Promise<RunInfo> {
  const data = await tryReadMeta(runDir);
  if (data === undefined) throw new TrackingError('NOT_FOUND', `No run at ${runDir} (missing ${META_FILE}).`);
  return parseRunMeta(data, join(runDir, META_FILE));
}

/** Rewrites a run's meta.yaml the way `_overwrite_run_info` does (without `deleted_time`). */
export async function updateRunInfo(runDir: string, change: Partial<RunInfo>): Promise<RunInfo> {
  const updated = { ...(await readRunInfo(runDir)), ...change };
  await writeMeta(runDir, runMetaRecord(updated, false));
  return updated;
}

/** One metric-file line, `<timestamp> <value> <step>`, after the checks every backend shares. */
function validateMetricPoint(point: MetricPoint, defaultTimestamp: number): string {
  const { value, step, timestamp } = stampMetricPoint(point, defaultTimestamp);
  return `${timestamp} ${formatPythonFloat(value)} ${step}\n`;
}

/** Resolves an artifact path under `root`, refusing absolute paths and paths that climb out of it. */
function artifactTarget(root: string, relativePath: string): string {
  const target = resolve(root, relativePath);
  if (relativePath === '' || isAbsolute(relativePath) || !target.startsWith(root + sep)) {
    throw new TrackingError('INVALID_KEY', `Artifact path '${relativePath}' must be a relative path inside the run's artifact folder.`);
  }
  return target;
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

export class FileTrackedRun implements TrackedRun {
  readonly runId: string;
  readonly experimentId: string;

  /** `artifactDir` is the local path of the run's artifact_uri; undefined when that URI is not file:. */
  constructor(
    private readonly runDir: string,
    info: Pick<RunInfo, 'runId' | 'experimentId'>,
    private readonly artifactDir: string | undefined,
    private readonly now: () => number,
  ) {
    this.runId = info.runId;
    this.experimentId = info.experimentId;
  }

  async logParams(params: Record<string, ParamValue>): Promise<void> {
    const entries = Object.entries(params).map(([key, raw]) => {
      validateKey('param', key);
      const value = stringifyParamValue(raw);
      validateValueLength('param', key, value);
      return [key, value] as const;
    });
    for (const [key, value] of entries) {
      const path = join(this.runDir, 'params', key);
      const logged = await readIfPresent(path);
      if (logged === value) continue;
      if (logged !== undefined) {
        throw new TrackingError(
          'PARAM_CHANGED',
          `Param '${key}' of run ${this.runId} was already logged as '${logged}'; it cannot change to '${value}' ` +
            '(MLflow params are immutable: log a new run, or use a tag or metric for values that change).',
        );
      }
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, value, 'utf8');
    }
  }

  async logMetrics(points: MetricPoint[]): Promise<void> {
    const now = this.now();
    const linesByKey = new Map<string, string>();
    for (const point of points) {
      const line = validateMetricPoint(point, now);
      linesByKey.set(point.key, (linesByKey.get(point.key) ?? '') + line);
    }
    for (const [key, lines] of linesByKey) {
      const path = join(this.runDir, 'metrics', key);
      try {
        await mkdir(dirname(path), { recursive: true });
        await appendFile(path, lines, 'utf8');
      } catch (error) {
        // e.g. 'loss' logged as a metric and then 'loss/train': one name would be both a file and a folder.
        throw new TrackingError('CONFLICT', `Cannot write metric '${key}' of run ${this.runId}: ${(error as Error).message}`, { cause: error });
      }
    }
  }

  async setTags(tags: Record<string, string>): Promise<void> {
    for (const [key, value] of Object.entries(tags)) {
      validateKey('tag', key);
      if (typeof value !== 'string') throw new TrackingError('INVALID_VALUE', `Tag '${key}': value must be a string.`);
      validateValueLength('tag', key, value);
    }
    for (const [key, value] of Object.entries(tags)) {
      const path = join(this.runDir, 'tags', key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, value, 'utf8');
      // FileStore.set_tag keeps meta.yaml's run_name in step with the mlflow.runName tag.
      if (key === RUN_NAME_TAG) await updateRunInfo(this.runDir, { runName: value });
    }
  }

  async logArtifact(relativePath: string, content: string | Uint8Array): Promise<void> {
    const target = artifactTarget(this.requireArtifactDir(), relativePath);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  }

  async logArtifactFile(relativePath: string, sourcePath: string): Promise<void> {
    const target = artifactTarget(this.requireArtifactDir(), relativePath);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(sourcePath, target);
  }

  async end(status: EndStatus, endTime?: number): Promise<void> {
    if (!['FINISHED', 'FAILED', 'KILLED'].includes(status)) {
      throw new TrackingError('INVALID_VALUE', `A run ends as FINISHED, FAILED or KILLED (got ${JSON.stringify(status)}).`);
    }
    const time = endTime ?? this.now();
    if (!Number.isSafeInteger(time) || time < 0) throw new TrackingError('INVALID_VALUE', `Run end time must be epoch ms (got ${time}).`);
    await updateRunInfo(this.runDir, { status, endTime: time });
  }

  private requireArtifactDir(): string {
    if (this.artifactDir === undefined) {
      throw new TrackingError('NOT_SUPPORTED', `Run ${this.runId} stores artifacts outside the local file system; the file store sink cannot write them.`);
    }
    return this.artifactDir;
  }
}
