// Temporary folders for tracking tests, removed when the test file finishes.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const created: string[] = [];

afterAll(async () => {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh empty folder; `mlruns` under it does not exist yet, like a first run. */
export async function tempDir(label = 'tracking'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `orthobench-${label}-`));
  created.push(dir);
  return dir;
}

/** A clock that advances 1 ms per call from `start`, so every timestamp in a test is predictable. */
export function steppingClock(start = 1_700_000_000_000): () => number {
  let t = start;
  return () => t++;
}
