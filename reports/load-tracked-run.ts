// Rebuilds a run's evidence from MLflow alone, for `bench gate --baseline <run id>` and `bench compare`: the run
// is looked up by id in a tracking store (file store or server) and the baseline bundle that `bench run` logged
// as an artifact is read back. Any failure is a RunLoadError (exit 2) that names the run and the store.
import { existsSync } from 'node:fs';
import type { RunEvidence } from '../benchmarks/analysis/run-evidence.ts';
import type { TrackingReader } from '../tracking/reader.ts';
import { BASELINE_ARTIFACT, isBaselineBundle } from './baseline-bundle.ts';
import { loadRunEvidence, RunLoadError } from './load-run.ts';
import { BASELINE_BUNDLE_TAG, JOB_ID_TAG } from './track-job.ts';

/** MLflow's run URI scheme, `runs:/<run id>` (the artifact path MLflow allows after it is not used here). */
const RUN_URI = /^runs:\/([0-9a-fA-F]{32})\/?$/;
/** A bare run id as MLflow makes them: uuid4 hex. */
const BARE_RUN_ID = /^[0-9a-fA-F]{32}$/;

/** The MLflow run id a command-line argument names (`runs:/<id>` or a bare 32-hex id), else undefined. */
export function trackedRunId(ref: string): string | undefined {
  return RUN_URI.exec(ref)?.[1] ?? (BARE_RUN_ID.test(ref) ? ref : undefined);
}

function withStore<T>(reader: TrackingReader, runId: string, read: () => Promise<T>): Promise<T> {
  return read().catch((error: unknown) => {
    if (error instanceof RunLoadError) throw error;
    throw new RunLoadError(`MLflow run ${runId}: cannot read it from the ${reader.describe()} (${(error as Error).message})`);
  });
}

export async function loadTrackedRunEvidence(reader: TrackingReader, runId: string): Promise<RunEvidence> {
  const where = `the ${reader.describe()}`;
  const run = await withStore(reader, runId, () => reader.getRun(runId));
  if (run === undefined) {
    throw new RunLoadError(`MLflow run ${runId}: no such run in ${where} (point --tracking-uri or MLFLOW_TRACKING_URI at the store it was logged to)`);
  }
  if (run.lifecycleStage !== 'active') throw new RunLoadError(`MLflow run ${runId} in ${where} is deleted; restore it first`);
  const bytes = await withStore(reader, runId, () => reader.readArtifact(runId, BASELINE_ARTIFACT));
  if (bytes === undefined) {
    const why = run.tags[BASELINE_BUNDLE_TAG] ?? 'it was logged before orthobench stored predictions in MLflow';
    const jobId = run.tags[JOB_ID_TAG] ?? '<jobId>';
    throw new RunLoadError(
      `MLflow run ${runId} in ${where} has no ${BASELINE_ARTIFACT} artifact (${why}); ` +
        `export a bundle from its job folder instead: bench gate --current runs/${jobId} --export-baseline baseline.json`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new RunLoadError(`MLflow run ${runId}: ${BASELINE_ARTIFACT} is not JSON (${(error as Error).message})`);
  }
  if (!isBaselineBundle(json)) throw new RunLoadError(`MLflow run ${runId}: ${BASELINE_ARTIFACT} is not an orthobench baseline bundle of a version this build reads`);
  return { source: `runs:/${runId}`, result: json.result, tasks: json.tasks };
}

/**
 * A run named on the command line: an existing folder or file wins; otherwise an MLflow run id is read from the
 * store `openStore` opens (only then, so a local-only command never touches tracking).
 */
export async function loadRunReference(ref: string, openStore: () => TrackingReader): Promise<RunEvidence> {
  const runId = existsSync(ref) ? undefined : trackedRunId(ref);
  if (runId === undefined) return loadRunEvidence(ref);
  let reader: TrackingReader;
  try {
    reader = openStore();
  } catch (error) {
    throw new RunLoadError(`${ref}: cannot open the tracking store to look the run up (${(error as Error).message})`);
  }
  return loadTrackedRunEvidence(reader, runId);
}
