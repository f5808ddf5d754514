// Write-then-rename, so that a reader (mlflow ui, a concurrent job) never sees a half-written
// meta.yaml: rename(2) within one directory replaces the target atomically on POSIX file systems.
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

let tempCounter = 0;

export async function writeFileAtomic(path: string, content: string): Promise<void> {
  // pid + counter keeps concurrent writers (processes or calls) off each other's temp file.
  tempCounter += 1;
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${tempCounter}.tmp`);
  try {
    await writeFile(temp, content, 'utf8');
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
