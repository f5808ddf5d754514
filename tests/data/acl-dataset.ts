// The ACL-tear task and the load and failure calls the data-source tests share: each layout is read through
// loadLabelledDataset with format 'auto' and onInvalid 'fail' unless the test overrides them.
import { expect } from 'vitest';
import { loadLabelledDataset, type LabelledDataset, type LabelledDatasetOptions } from '../../runtime/data/labelled-dataset.ts';
import { ManifestError } from '../../runtime/data/manifest-error.ts';

export const ACL = { id: 'acl-tear', labels: ['intact', 'tear'], modality: 'mri' };

/** Loads `source` for the ACL task at 4×4 pixels. */
export function loadAcl(source: string, overrides: Partial<LabelledDatasetOptions> = {}): LabelledDataset {
  return loadLabelledDataset({ source, format: 'auto', task: ACL, imageSize: 4, onInvalid: 'fail', ...overrides });
}

/** The message of the error `run` throws, which must be a `kind` (InvalidDatasetError narrows the default). */
export function failureMessage(run: () => unknown, kind: new (...args: never[]) => ManifestError = ManifestError): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(kind);
    return (error as Error).message;
  }
  throw new Error(`expected a ${kind.name}`);
}
