// Reads a finished job as evidence for compare, gate and the HTML report: a job folder (result.json, eval/ and
// the dataset manifest for the true labels and patient ids) or a baseline bundle written by
// `bench gate --export-baseline` (or logged to MLflow as baseline-bundle.json). Exam-level tasks are read at
// their unit, slice scores pooled per exam as analyze-task.ts pooled them, so a gate tests what the job reported.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { FoldPredictions, JobResult } from '../dsl/results.ts';
import type { RunEvidence, TaskEvidence } from '../benchmarks/analysis/run-evidence.ts';
import { poolByExam } from '../benchmarks/analysis/exam-pooling.ts';
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
  if (!existsSync(path)) throw new RunLoadError(`${path}: no such run folder or file (nor an MLflow run id: runs:/<id> or 32 hex digits)`);
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
    const folds = readJson<Array<{ train?: number[]; test: number[] }>>(join(evalDir, 'folds.json'));
    const dataset = result.datasets.find((d) => d.task === task.task);
    if (!dataset) throw new RunLoadError(`${dir}: result.json lists no dataset for task "${task.task}"`);
    const { exams, ...samples } = readSamples(dataset.manifest, task.labels.length);
    const predictions = readPredictions(evalDir);
    if (task.examPooling === undefined) {
      tasks[task.task] = { ...samples, foldTests: folds.map((f) => f.test), predictions };
      continue;
    }
    if (exams.some((exam) => exam === undefined)) throw new RunLoadError(`${dataset.manifest}: exam-level task "${task.task}" but the sample list has no examId column`);
    let exam;
    try {
      exam = poolByExam({ ...samples, folds: folds.map((f) => ({ train: f.train ?? [], test: f.test })), predictions }, exams as string[], task.examPooling);
    } catch (error) {
      throw new RunLoadError(`${dir}: task "${task.task}" cannot be pooled per exam (${(error as Error).message})`);
    }
    tasks[task.task] = { labels: [...exam.labels], groups: [...exam.groups], foldTests: exam.folds.map((f) => [...f.test]), predictions: [...exam.predictions] };
  }
  return { source: dir, result, tasks };
}

/** Labels, patient ids and exam ids by sample index: the manifest's row order is the dataset's sample order. */
function readSamples(manifest: string, numClasses: number): { labels: number[]; groups: string[]; exams: Array<string | undefined> } {
  try {
    const rows = readManifest(manifest, { numClasses, checkFiles: false }).rows;
    return { labels: rows.map((row) => row.label), groups: rows.map((row) => row.patientId), exams: rows.map((row) => row.examId) };
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
