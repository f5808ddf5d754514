// The tags a run is created with, as MLflow's fluent `start_run` sets them (mlflow.user,
// mlflow.source.name/type, mlflow.runName, mlflow.parentRunId), plus the client key that lets a retried
// or replayed runs/create find the run it may already have made.
import { userInfo } from 'node:os';
import { TrackingError } from '../errors.ts';
import type { CreateRunOptions } from '../sink.ts';

export const RUN_NAME_TAG = 'mlflow.runName';
export const USER_TAG = 'mlflow.user';
export const PARENT_RUN_TAG = 'mlflow.parentRunId';
export const CLIENT_RUN_KEY_TAG = 'orthobench.clientRunKey';

export function currentUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

/** System tags first, then the caller's (which may override them), then the run name; no parent tag. */
export function runCreationTags(options: CreateRunOptions, user: string, sourceName: string): Record<string, string> {
  if (typeof options.runName !== 'string' || options.runName === '') {
    throw new TrackingError('INVALID_VALUE', 'A run needs a non-empty runName.');
  }
  const callerTags = options.tags ?? {};
  const callerName = callerTags[RUN_NAME_TAG];
  if (callerName !== undefined && callerName !== options.runName) {
    throw new TrackingError(
      'INVALID_VALUE',
      `runName '${options.runName}' and tag ${RUN_NAME_TAG} '${callerName}' disagree (MLflow rejects this too).`,
    );
  }
  const tags: Record<string, string> = {
    [USER_TAG]: user,
    'mlflow.source.name': sourceName,
    'mlflow.source.type': 'LOCAL',
    ...callerTags,
    [RUN_NAME_TAG]: options.runName,
  };
  delete tags[PARENT_RUN_TAG];
  return tags;
}
