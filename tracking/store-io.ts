// Reading and writing the file store's meta.yaml files and listing its folders, in one place so that
// missing files, partial writes and stray entries are handled the same way everywhere.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';
import { parseMlflowYaml, toMlflowYaml, type MetaRecord } from './mlflow-yaml.ts';

export const META_FILE = 'meta.yaml';
export const TRASH_FOLDER = '.trash';
/** Model registry folder that shares the root with experiments (ModelRegistryFileStore.MODELS_FOLDER_NAME). */
export const MODELS_FOLDER = 'models';
/** Folders inside an experiment that are not runs (FileStore.RESERVED_EXPERIMENT_FOLDERS). */
export const RESERVED_EXPERIMENT_FOLDERS: readonly string[] = ['tags', 'datasets', 'traces'];

export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** The parsed meta.yaml in `dir`, or undefined when the folder or file does not exist (yet). */
export async function tryReadMeta(dir: string): Promise<Record<string, unknown> | undefined> {
  const file = join(dir, META_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  return parseMlflowYaml(text, file);
}

export async function writeMeta(dir: string, record: MetaRecord): Promise<void> {
  await writeFileAtomic(join(dir, META_FILE), toMlflowYaml(record));
}

/** Names of the sub-folders of `dir` (none when `dir` does not exist). */
export async function listSubfolders(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}
