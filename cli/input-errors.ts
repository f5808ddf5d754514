// Which failures are the user's input (exit 2, message only) rather than a failure while running (exit 1,
// with the stack for a bug report): bad specs, flags, task files, manifests, images, DICOM files, tracking URIs.
import { TaskRegistryError } from '../benchmarks/tasks/task-issues.ts';
import { SpecError } from '../dsl/issues.ts';
import { ManifestError } from '../runtime/data/manifest-error.ts';
import { PngError } from '../runtime/data/png.ts';
import { DicomError } from '../runtime/dicom/dicom-error.ts';
import { TrackingError } from '../tracking/errors.ts';
import { UsageError } from './exit-codes.ts';

const INPUT_TRACKING_CODES = new Set(['NOT_SUPPORTED', 'INVALID_KEY', 'VALUE_TOO_LONG', 'PARAM_CHANGED', 'DELETED']);

export function isInputError(error: unknown): error is Error {
  if (error instanceof SpecError || error instanceof UsageError || error instanceof TaskRegistryError) return true;
  if (error instanceof ManifestError || error instanceof PngError || error instanceof DicomError) return true;
  return error instanceof TrackingError && INPUT_TRACKING_CODES.has(error.code);
}

/** The message for the terminal: input errors without a stack, anything else with one. */
export function describeFailure(error: unknown): string {
  if (isInputError(error)) return error.message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
