// Reads a finished job as evidence for compare, gate and the HTML report: a job folder (result.json, eval/ and
// the dataset manifest for the true labels) or a baseline bundle written by `bench gate --export-baseline`.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { FoldPredictions, JobResult } from '../dsl/results.ts';
import type { RunEvidence, TaskEvidence } from '../benchmarks/analysis/run-evidence.ts';
import { readManifest } from '../runtime/data/manifest.ts';
import { isBaselineBundle } from './baseline-bundle.ts';

/** A run that cannot be read or is incomplete: bad input for the CLI (exit 2). */
export class RunLoadError extends Error {}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (error) {
    throw new RunLoadError(`${file}: cannot read JSON (${(error as Error).message})`);
  }
}

export function loadRunEvidence(path: string): RunEvidence {
  if (!existsSync(path)) throw new RunLoadError(`${path}: no such run folder or file`);
  if (statSync(path).isDirectory()) return loadJobFolder(path);
  const json = readJson<unknown>(path);
  if (isBaselineBundle(json)) return { source: path, result: json.result, tasks: json.tasks };
  if (basename(path) === 'result.json') return loadJobFolder(dirname(path));
  throw new RunLoadError(`${path}: neither a job folder, a result.json, nor a baseline bundle`);
}

/** result.json alone, for reports that need no predictions. */
export function loadJobResult(dir: string): JobResult {
  const file = join(dir, 'result.json');
  if (!existsSync(file)) throw new RunLoadError(`${dir}: no result.json (the job has not finished, or this is not a job folder)`);
  return readJson<JobResult>(file);
}

function loadJobFolder(dir: string): RunEvidence {
  const result = loadJobResult(dir);
  const tasks: Record<string, TaskEvidence> = {};
  for (const task of result.tasks) {
    const evalDir = join(dir, 'eval', task.task);
    const folds = readJson<Array<{ test: number[] }>>(join(evalDir, 'folds.json'));
    const dataset = result.datasets.find((d) => d.task === task.task);
    if (!dataset) throw new RunLoadError(`${dir}: result.json lists no dataset for task "${task.task}"`);
    tasks[task.task] = { labels: readLabels(dataset.manifest, task.labels.length), foldTests: folds.map((f) => f.test), predictions: readPredictions(evalDir) };
  }
  return { source: dir, result, tasks };
}

function readLabels(manifest: string, numClasses: number): number[] {
  try {
    return readManifest(manifest, { numClasses, checkFiles: false }).rows.map((row) => row.label);
  } catch (error) {
    throw new RunLoadError(`true labels: ${(error as Error).message} (export a baseline bundle where the data is not at hand)`);
  }
}

function readPredictions(evalDir: string): FoldPredictions[] {
  return readdirSync(evalDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) =>
      readdirSync(join(evalDir, entry.name))
        .filter((file) => /^fold\d+-f.+\.json$/.test(file))
        .map((file) => readJson<FoldPredictions>(join(evalDir, entry.name, file))),
    );
}
