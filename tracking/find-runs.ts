// Finding runs in an MLflow file store again, e.g. by an `orthobench.jobId` tag so a resumed job reuses
// its run id, and discarding a run's metric history so that re-logging a job does not duplicate points.
// Run folders are an experiment's sub-folders other than tags/datasets/traces (FileStore._list_run_infos).
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readRunInfo } from './file-run.ts';
import type { RunInfo } from './meta-records.ts';
import { validateExperimentId, validateKey, validateRunId } from './names.ts';
import { isMissing, listSubfolders, RESERVED_EXPERIMENT_FOLDERS } from './store-io.ts';

export interface StoredRun extends RunInfo {
  runDir: string;
}

async function readActiveRun(experimentDir: string, experimentId: string, folder: string): Promise<StoredRun | undefined> {
  const runDir = join(experimentDir, folder);
  let info: RunInfo;
  try {
    info = await readRunInfo(runDir);
  } catch (error) {
    if ((error as { code?: string }).code === 'NOT_FOUND') return undefined; // half-created or foreign folder
    throw error;
  }
  // MLflow skips runs whose meta.yaml disagrees with where they are stored.
  if (info.runId !== folder || info.experimentId !== experimentId || info.lifecycleStage !== 'active') return undefined;
  return { ...info, runDir };
}

async function runFolders(root: string, experimentId: string): Promise<string[]> {
  validateExperimentId(experimentId);
  const folders = await listSubfolders(join(root, experimentId));
  return folders.filter((folder) => !RESERVED_EXPERIMENT_FOLDERS.includes(folder));
}

/** Active runs of an active experiment folder (`<root>/<experimentId>`), in folder-name order. */
export async function listRuns(root: string, experimentId: string): Promise<StoredRun[]> {
  const runs: StoredRun[] = [];
  for (const folder of await runFolders(root, experimentId)) {
    const run = await readActiveRun(join(root, experimentId), experimentId, folder);
    if (run !== undefined) runs.push(run);
  }
  return runs;
}

async function readTag(runDir: string, key: string): Promise<string | undefined> {
  try {
    return await readFile(join(runDir, 'tags', key), 'utf8');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** The most recently started active run whose tag `key` equals `value`, or undefined. */
export async function findRunByTag(root: string, experimentId: string, key: string, value: string): Promise<StoredRun | undefined> {
  validateKey('tag', key);
  let best: StoredRun | undefined;
  for (const folder of await runFolders(root, experimentId)) {
    // The tag file is checked first so that only matching runs pay for parsing meta.yaml.
    if ((await readTag(join(root, experimentId, folder), key)) !== value) continue;
    const run = await readActiveRun(join(root, experimentId), experimentId, folder);
    if (run !== undefined && (best === undefined || run.startTime > best.startTime)) best = run;
  }
  return best;
}

/**
 * Deletes a run's metric history (all metrics, or only `keys`), leaving an empty metrics folder, so the
 * job can log its points again. Deleting whole files matters: MLflow rejects an empty metric file.
 */
export async function deleteRunMetrics(root: string, experimentId: string, runId: string, keys?: string[]): Promise<void> {
  validateExperimentId(experimentId);
  validateRunId(runId);
  const metricsDir = join(root, experimentId, runId, 'metrics');
  if (keys === undefined) {
    await rm(metricsDir, { recursive: true, force: true });
    await mkdir(metricsDir, { recursive: true });
    return;
  }
  for (const key of keys) {
    validateKey('metric', key);
    await rm(join(metricsDir, key), { force: true });
  }
}
