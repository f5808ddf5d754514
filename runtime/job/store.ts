// The results store: one folder per job id under --out. A job is finished exactly when result.json exists;
// every stage writes its own files atomically, so an interrupted run resumes at the first missing file.
import { readFile, access } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonAtomic } from '../io/atomic-write.ts';

export const RESULT_FILE = 'result.json';

export class JobStore {
  readonly dir: string;

  constructor(
    readonly root: string,
    readonly jobId: string,
  ) {
    this.dir = join(root, jobId);
  }

  path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }

  async exists(...parts: string[]): Promise<boolean> {
    try {
      await access(this.path(...parts));
      return true;
    } catch {
      return false;
    }
  }

  async tryReadJson<T>(...parts: string[]): Promise<T | undefined> {
    if (!(await this.exists(...parts))) return undefined;
    const file = this.path(...parts);
    try {
      return JSON.parse(await readFile(file, 'utf8')) as T;
    } catch (error) {
      throw new Error(`${file}: unreadable results file (${(error as Error).message}); delete it to recompute`);
    }
  }

  async writeJson(value: unknown, ...parts: string[]): Promise<void> {
    await writeJsonAtomic(this.path(...parts), value);
  }

  isFinished(): Promise<boolean> {
    return this.exists(RESULT_FILE);
  }
}
