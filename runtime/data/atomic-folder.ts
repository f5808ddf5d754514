// Writes a generated data set into `<dir>/<hash>/` atomically: built in a temporary sibling folder and
// renamed into place, so readers never see half a data set; an existing complete copy is reused.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Returns `<dir>/<hash>`, running `write(folder)` only when no complete copy is there. */
export function materializeFolder(dir: string, hash: string, isComplete: (folder: string) => boolean, write: (folder: string) => void): string {
  const folder = join(dir, hash);
  if (isComplete(folder)) return folder;
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.tmp-${hash}-${process.pid}-${process.hrtime.bigint()}`);
  try {
    write(temp);
    if (existsSync(folder) && !isComplete(folder)) rmSync(folder, { recursive: true, force: true });
    try {
      renameSync(temp, folder);
    } catch (error) {
      // Another process finished the same data set first; theirs is identical.
      if (!isComplete(folder)) throw error;
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  return folder;
}
