// Where `bench select` logs: the same MLflow target and experiment as `bench run` (spec tracking section, then
// MLFLOW_TRACKING_URI / MLFLOW_EXPERIMENT_NAME, then --tracking), spooling to the results store's spool when a
// server is unreachable so `bench sync --out <runs>` replays it.
import { join } from 'node:path';
import type { ResolvedExperiment } from '../../dsl/types.ts';
import type { JobEvents } from '../../runtime/job/events.ts';
import { SPOOL_FOLDER } from '../../tracking/rest/spool-format.ts';
import { resolveTrackingTarget } from '../../tracking/rest/target.ts';
import type { TrackingSink } from '../../tracking/sink.ts';
import { openSink } from '../../tracking/uri.ts';

export interface SelectionSink {
  sink: TrackingSink;
  experimentName: string;
}

/** `specExperiment` is tracking.experiment as written (empty when left to the default). */
export function openSelectionSink(
  resolved: ResolvedExperiment,
  specExperiment: string,
  opts: { tracking?: string; runs: string },
  events: JobEvents,
): SelectionSink {
  const target = resolveTrackingTarget(resolved.tracking.uri, specExperiment, process.env);
  const sink = openSink(opts.tracking ?? target.uri, {
    spoolDir: join(opts.runs, SPOOL_FOLDER),
    rest: {
      env: process.env,
      onOffline: (error, dir) => events.warn(`MLflow server unreachable (${error.message}); spooling to ${dir} — replay later with \`bench sync\``),
    },
  });
  return { sink, experimentName: target.experiment || resolved.tracking.experiment || resolved.name };
}
