// Where a job is tracked: the spec's tracking.uri / tracking.experiment, or MLflow's environment
// variables MLFLOW_TRACKING_URI / MLFLOW_EXPERIMENT_NAME — but the environment only fills in what
// the spec left at its default, so a value written in a spec is never silently redirected.
import type { TrackingEnv } from './auth.ts';

/** dsl/defaults.ts `tracking.uri` (tests check the two agree; tracking/ does not import dsl/). */
export const DEFAULT_TRACKING_URI = './mlruns';
/** dsl/defaults.ts `tracking.experiment`: '' means "the spec's name". */
export const DEFAULT_EXPERIMENT_NAME = '';

export type TargetSource = 'spec' | 'env' | 'default';

export interface TrackingTarget {
  uri: string;
  /** '' when neither the spec nor the environment names one: the caller uses the spec's name. */
  experiment: string;
  uriSource: TargetSource;
  experimentSource: TargetSource;
}

function pick(specValue: string, defaultValue: string, envValue: string | undefined): { value: string; source: TargetSource } {
  if (specValue !== defaultValue) return { value: specValue, source: 'spec' };
  if (envValue !== undefined && envValue.trim() !== '') return { value: envValue.trim(), source: 'env' };
  return { value: defaultValue, source: 'default' };
}

/**
 * `specUri` / `specExperiment` are the resolved spec's values (defaults applied). A command-line
 * `--tracking` should be applied by the caller after this, as it is more explicit than either.
 */
export function resolveTrackingTarget(specUri: string, specExperiment: string, env: TrackingEnv): TrackingTarget {
  const uri = pick(specUri, DEFAULT_TRACKING_URI, env.MLFLOW_TRACKING_URI);
  const experiment = pick(specExperiment, DEFAULT_EXPERIMENT_NAME, env.MLFLOW_EXPERIMENT_NAME);
  return { uri: uri.value, experiment: experiment.value, uriSource: uri.source, experimentSource: experiment.source };
}
