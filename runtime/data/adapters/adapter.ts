// The contract every data-set layout implements: from a path, its options and the task's label set, the
// sample references of the labelled set, with invalid inputs handed to the bad-input policy.
import type { InvalidInputs } from '../invalid-inputs.ts';
import type { SampleRef } from '../sample-ref.ts';

export type DataFormat = 'manifest' | 'image-folder' | 'dicom-tree' | 'mrnet';

/** What an adapter needs to know of the task. */
export interface TaskLabels {
  id: string;
  /** Class names in index order. */
  labels: readonly string[];
  modality: string;
}

export interface AdapterInput {
  /** Absolute path of the manifest file or the data set's folder. */
  root: string;
  /** Options given after "?" in data.source, already checked against the adapter's keys. */
  options: Readonly<Record<string, string>>;
  task: TaskLabels;
  invalid: InvalidInputs;
}

export interface AdapterOutput {
  refs: SampleRef[];
  /** The manifest or labels file the labels came from. */
  labelsFile?: string;
  /** The manifest column holding the labels, when the layout has columns. */
  labelColumn?: string;
}

export interface DataAdapter {
  format: DataFormat;
  /** Option keys accepted after "?" in data.source, with what each means (for errors and docs). */
  options: Readonly<Record<string, string>>;
  read(input: AdapterInput): AdapterOutput;
}
