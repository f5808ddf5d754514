// MLflow's rules for metric/param/tag keys and value lengths, from mlflow/utils/validation.py
// (`_VALID_PARAM_AND_METRIC_NAMES`, `path_not_unique`, MAX_* limits). Keys become file paths in the
// file store, so a key must not change under posix normpath. Deliberate deviation: Python's `$` also
// matches before a final newline, so MLflow accepts "loss\n"; we reject it.
import { TrackingError } from './errors.ts';

export const MAX_ENTITY_KEY_LENGTH = 250;
export const MAX_PARAM_VALUE_LENGTH = 6000;
export const MAX_TAG_VALUE_LENGTH = 8000;
export const MAX_EXPERIMENT_NAME_LENGTH = 500;

export type EntityKind = 'metric' | 'param' | 'tag';

// Python's `\w` on str is "isalnum() or '_'": Unicode letters and numbers, not combining marks.
const VALID_KEY = /^[/\p{L}\p{N}_.\- ]*$/u;

/** Python's posixpath.normpath, which MLflow uses to reject keys that alias other paths. */
export function posixNormpath(path: string): string {
  if (path === '') return '.';
  let initialSlashes = path.startsWith('/') ? 1 : 0;
  if (path.startsWith('//') && !path.startsWith('///')) initialSlashes = 2;
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    const keepDotDot = part !== '..' || (initialSlashes === 0 && parts.length === 0) || parts.at(-1) === '..';
    if (keepDotDot) parts.push(part);
    else if (parts.length > 0) parts.pop();
  }
  const joined = '/'.repeat(initialSlashes) + parts.join('/');
  return joined === '' ? '.' : joined;
}

function aliasesAnotherPath(key: string): boolean {
  const norm = posixNormpath(key);
  return norm !== key || norm === '.' || norm.startsWith('..') || norm.startsWith('/');
}

/** Throws a TrackingError naming the key if MLflow would reject it as a metric, param or tag key. */
export function validateKey(kind: EntityKind, key: string): void {
  if (typeof key !== 'string' || key === '') {
    throw new TrackingError('INVALID_KEY', `Invalid ${kind} key ${JSON.stringify(key)}: a key must be a non-empty string.`);
  }
  if (!VALID_KEY.test(key)) {
    throw new TrackingError(
      'INVALID_KEY',
      `Invalid ${kind} key ${JSON.stringify(key)}: keys may only contain alphanumerics, underscores (_), ` +
        'dashes (-), periods (.), spaces ( ) and slashes (/).',
    );
  }
  if (aliasesAnotherPath(key)) {
    throw new TrackingError(
      'INVALID_KEY',
      `Invalid ${kind} key ${JSON.stringify(key)}: keys are stored as file paths and must not start or end ` +
        `with '/', contain '//', or have '.'/'..' segments (it would resolve to '${posixNormpath(key)}').`,
    );
  }
  if (key.length > MAX_ENTITY_KEY_LENGTH) {
    throw new TrackingError(
      'INVALID_KEY',
      `Invalid ${kind} key '${key.slice(0, 40)}…': ${key.length} characters, more than MLflow's limit of ${MAX_ENTITY_KEY_LENGTH}.`,
    );
  }
}

/** Throws if a param or tag value exceeds MLflow's length limit (MLflow would truncate or reject it). */
export function validateValueLength(kind: 'param' | 'tag', key: string, value: string): void {
  const limit = kind === 'param' ? MAX_PARAM_VALUE_LENGTH : MAX_TAG_VALUE_LENGTH;
  if (value.length > limit) {
    throw new TrackingError(
      'VALUE_TOO_LONG',
      `The value of ${kind} '${key}' has ${value.length} characters, more than MLflow's limit of ${limit}; ` +
        'log it as an artifact instead.',
    );
  }
}

export function validateExperimentName(name: string): void {
  if (typeof name !== 'string' || name === '') {
    throw new TrackingError('INVALID_VALUE', `Invalid experiment name ${JSON.stringify(name)}: it must be a non-empty string.`);
  }
  if (name.length > MAX_EXPERIMENT_NAME_LENGTH) {
    throw new TrackingError('INVALID_VALUE', `Experiment name exceeds MLflow's limit of ${MAX_EXPERIMENT_NAME_LENGTH} characters.`);
  }
}

// validation.py _EXPERIMENT_ID_REGEX / _RUN_ID_REGEX (ASCII only here: ids become folder names).
const EXPERIMENT_ID = /^[a-zA-Z0-9][\w-]{0,63}$/;
const RUN_ID = /^[a-zA-Z0-9][\w-]{0,255}$/;

export function validateExperimentId(experimentId: string): void {
  if (typeof experimentId !== 'string' || !EXPERIMENT_ID.test(experimentId)) {
    throw new TrackingError('INVALID_VALUE', `Invalid experiment id ${JSON.stringify(experimentId)}.`);
  }
}

export function validateRunId(runId: string): void {
  if (typeof runId !== 'string' || !RUN_ID.test(runId)) {
    throw new TrackingError('INVALID_VALUE', `Invalid run id ${JSON.stringify(runId)}.`);
  }
}
