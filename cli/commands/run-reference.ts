// How compare and gate read the runs named on their command line: a job folder, result.json or baseline bundle,
// or an MLflow run id looked up in the tracking store (--tracking-uri, else MLFLOW_TRACKING_URI, else ./mlruns).
import type { RunEvidence } from '../../benchmarks/analysis/run-evidence.ts';
import { RunLoadError } from '../../reports/load-run.ts';
import { loadRunReference } from '../../reports/load-tracked-run.ts';
import { openReader } from '../../tracking/open-reader.ts';
import { DEFAULT_TRACKING_URI } from '../../tracking/rest/target.ts';
import { UsageError } from '../exit-codes.ts';

export const TRACKING_URI_HELP = 'tracking store to look MLflow run ids up in (default: $MLFLOW_TRACKING_URI, else ./mlruns)';

export function trackingUriFor(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? (env.MLFLOW_TRACKING_URI?.trim() || DEFAULT_TRACKING_URI);
}

/** Loads every reference; an unreadable one is bad input (exit 2) with the loader's message. */
export async function loadRuns(refs: readonly string[], trackingUri: string | undefined): Promise<RunEvidence[]> {
  const uri = trackingUriFor(trackingUri);
  const openStore = () => openReader(uri, { rest: { env: process.env } });
  const runs: RunEvidence[] = [];
  for (const ref of refs) {
    try {
      runs.push(await loadRunReference(ref, openStore));
    } catch (error) {
      if (error instanceof RunLoadError) throw new UsageError(error.message);
      throw error;
    }
  }
  return runs;
}
