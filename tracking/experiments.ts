// Experiments of an MLflow file store: the root's layout (Default experiment 0, `.trash`), lookup by
// name over active and deleted experiments, and a get-or-create that converges when jobs race.
// Deliberate deviation from MLflow (name_utils._generate_unique_integer_id draws 18 random digits):
// the 18 digits come from a hash of the name, so two processes creating one experiment pick one folder.
import { createHash } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TrackingError } from './errors.ts';
import { pathToFileUri } from './file-uri.ts';
import { experimentMetaRecord, parseExperimentMeta, type ExperimentInfo } from './meta-records.ts';
import { validateExperimentId, validateExperimentName } from './names.ts';
import { isMissing, listSubfolders, META_FILE, MODELS_FOLDER, TRASH_FOLDER, tryReadMeta, writeMeta } from './store-io.ts';

export const DEFAULT_EXPERIMENT_ID = '0';
export const DEFAULT_EXPERIMENT_NAME = 'Default';
const EXPERIMENT_ID_DIGITS = 18n;
const MAX_ID_ATTEMPTS = 8;

export interface StoredExperiment extends ExperimentInfo {
  dir: string;
  /** True when the folder sits in `.trash` (deleted in the MLflow UI). */
  inTrash: boolean;
}

/** An 18-digit id (no leading zero), like MLflow's, derived from the name; `attempt` > 0 on a collision. */
export function experimentIdForName(name: string, attempt = 0): string {
  const digest = createHash('sha256').update(attempt === 0 ? name : `${name}#${attempt}`).digest();
  const low = 10n ** (EXPERIMENT_ID_DIGITS - 1n);
  return String(low + (digest.readBigUInt64BE(0) % (9n * low)));
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

async function writeExperiment(root: string, experimentId: string, name: string, now: number): Promise<void> {
  const dir = join(root, experimentId);
  await mkdir(dir, { recursive: true });
  const info: ExperimentInfo = {
    experimentId,
    name,
    artifactLocation: `${pathToFileUri(root)}/${experimentId}`,
    lifecycleStage: 'active',
    creationTime: now,
    lastUpdateTime: now,
  };
  await writeMeta(dir, experimentMetaRecord(info));
}

/** FileStore.__init__: a missing root gets the Default experiment 0; `.trash` is always ensured. */
export async function ensureStoreRoot(root: string, now: number): Promise<void> {
  if (!(await exists(root))) {
    await mkdir(root, { recursive: true });
    await writeExperiment(root, DEFAULT_EXPERIMENT_ID, DEFAULT_EXPERIMENT_NAME, now);
  }
  await mkdir(join(root, TRASH_FOLDER), { recursive: true });
}

async function readExperimentFolder(dir: string, folderName: string, inTrash: boolean): Promise<StoredExperiment | undefined> {
  const data = await tryReadMeta(dir);
  if (data === undefined) return undefined; // being created, or not an experiment
  const info = parseExperimentMeta(data, join(dir, META_FILE));
  // MLflow ignores an experiment whose recorded id disagrees with its folder name.
  if (info.experimentId !== folderName) return undefined;
  return { ...info, dir, inTrash };
}

/** Every readable experiment of the store, active ones first, then those in `.trash`. */
export async function listExperiments(root: string): Promise<StoredExperiment[]> {
  const found: StoredExperiment[] = [];
  for (const [parent, inTrash] of [[root, false], [join(root, TRASH_FOLDER), true]] as const) {
    for (const folder of await listSubfolders(parent)) {
      if (!inTrash && (folder === TRASH_FOLDER || folder === MODELS_FOLDER)) continue;
      const experiment = await readExperimentFolder(join(parent, folder), folder, inTrash);
      if (experiment !== undefined) found.push(experiment);
    }
  }
  return found;
}

/** The experiment with this id; throws NOT_FOUND, or DELETED when it is in `.trash` or marked deleted. */
export async function getActiveExperiment(root: string, experimentId: string): Promise<StoredExperiment> {
  validateExperimentId(experimentId);
  const active = await readExperimentFolder(join(root, experimentId), experimentId, false);
  if (active !== undefined && active.lifecycleStage === 'active') return active;
  const trashed = active ?? (await readExperimentFolder(join(root, TRASH_FOLDER, experimentId), experimentId, true));
  if (trashed !== undefined) {
    throw new TrackingError('DELETED', `Experiment ${experimentId} ('${trashed.name}') in ${root} is deleted.`);
  }
  throw new TrackingError('NOT_FOUND', `No experiment with id ${experimentId} in ${root}.`);
}

function deletedExperimentError(root: string, experiment: StoredExperiment): TrackingError {
  return new TrackingError(
    'DELETED',
    `Experiment '${experiment.name}' (id ${experiment.experimentId}) exists in ${root} but is deleted. ` +
      `Restore it (mlflow experiments restore --experiment-id ${experiment.experimentId}) or remove it for good ` +
      `(mlflow gc --backend-store-uri ${root}), or choose another experiment name.`,
  );
}

export async function getOrCreateExperiment(root: string, name: string, now: number): Promise<string> {
  validateExperimentName(name);
  await ensureStoreRoot(root, now);
  const sameName = (await listExperiments(root)).filter((e) => e.name === name);
  const active = sameName.find((e) => !e.inTrash && e.lifecycleStage === 'active');
  if (active !== undefined) return active.experimentId;
  if (sameName.length > 0) throw deletedExperimentError(root, sameName[0]);

  for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
    const experimentId = experimentIdForName(name, attempt);
    if (await exists(join(root, TRASH_FOLDER, experimentId))) continue;
    const dir = join(root, experimentId);
    const current = await readExperimentFolder(dir, experimentId, false);
    if (current === undefined) {
      // A racing creator of the same name writes the same id and name; whichever rename lands last wins.
      await writeExperiment(root, experimentId, name, now);
    }
    const settled = current ?? (await readExperimentFolder(dir, experimentId, false));
    if (settled?.name === name) return experimentId;
  }
  throw new TrackingError('CONFLICT', `Could not find a free experiment id for '${name}' in ${root}.`);
}
