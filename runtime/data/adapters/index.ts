// Data-set adapters behind one call: `data.source` (a path, with options after "?") and `data.format` (or
// "auto") select the layout; the result is the labelled set's sample references, not yet decoded.
import type { InvalidInputs } from '../invalid-inputs.ts';
import { didYouMean } from '../manifest-error.ts';
import type { AdapterOutput, DataAdapter, DataFormat, TaskLabels } from './adapter.ts';
import { dataSourceError, parseDataSource } from './data-source.ts';
import { detectFormat } from './detect-format.ts';
import { DICOM_TREE_ADAPTER } from './dicom-tree-adapter.ts';
import { IMAGE_FOLDER_ADAPTER } from './image-folder-adapter.ts';
import { MANIFEST_ADAPTER } from './manifest-adapter.ts';
import { MRNET_ADAPTER } from './mrnet-adapter.ts';

export type { AdapterOutput, DataAdapter, DataFormat, TaskLabels } from './adapter.ts';
export { parseDataSource } from './data-source.ts';
export { detectFormat } from './detect-format.ts';
export { DEFAULT_PATIENT_PATTERN } from './image-folder-adapter.ts';

export const ADAPTERS: Readonly<Record<DataFormat, DataAdapter>> = {
  manifest: MANIFEST_ADAPTER,
  'image-folder': IMAGE_FOLDER_ADAPTER,
  'dicom-tree': DICOM_TREE_ADAPTER,
  mrnet: MRNET_ADAPTER,
};

export interface ReadSourceInput {
  /** data.source: a path, optionally followed by ?key=value&… adapter options. */
  source: string;
  format: DataFormat | 'auto';
  task: TaskLabels;
  invalid: InvalidInputs;
  /** Relative sources are resolved against this folder (default: the working directory). */
  baseDir?: string;
}

export interface SourceRefs extends AdapterOutput {
  format: DataFormat;
  /** Absolute path of the manifest or folder. */
  root: string;
}

export function readSourceRefs(input: ReadSourceInput): SourceRefs {
  const { path, options } = parseDataSource(input.source, input.baseDir);
  const format = input.format === 'auto' ? detectFormat(path, input.task.labels) : input.format;
  const adapter = ADAPTERS[format];
  const known = Object.keys(adapter.options);
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      const guess = didYouMean(key, known);
      const accepted = known.length ? `accepted: ${known.map((k) => `${k} (${adapter.options[k]})`).join('; ')}` : 'it takes no options';
      throw dataSourceError(input.source, `unknown option "${key}" for the ${format} layout${guess ? ` (did you mean "${guess}"?)` : ''}; ${accepted}`);
    }
  }
  return { ...adapter.read({ root: path, options, task: input.task, invalid: input.invalid }), format, root: path };
}
