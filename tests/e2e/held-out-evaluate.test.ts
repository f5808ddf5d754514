// A data set's fixed train/test split, from a manifest's split column through evaluation and analysis to the
// tables: cross-validation never sees a test patient, every model is scored once on the test part (exam-level,
// with patient-bootstrap CIs and paired tests), and a data set without a split is evaluated as before.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeTask } from '../../benchmarks/analysis/analyze-task.ts';
import { Rng } from '../../benchmarks/rng.ts';
import { patientGroupedStratifiedKFold } from '../../benchmarks/splits/grouped-kfold.ts';
import { getTask } from '../../benchmarks/tasks/registry.ts';
import { DEFAULTS } from '../../dsl/defaults.ts';
import { HELD_OUT_FOLD, type TaskResult } from '../../dsl/results.ts';
import type { ResolvedExperiment } from '../../dsl/types.ts';
import { encodeGrayPng } from '../../runtime/data/png.ts';
import { evaluateCrossValidated, type EvaluationOutput } from '../../runtime/job/evaluate.ts';
import { SILENT_EVENTS } from '../../runtime/job/events.ts';
import { prepareDataset, type PreparedDataset } from '../../runtime/job/prepare-dataset.ts';
import { JobStore } from '../../runtime/job/store.ts';
import { heldOutComparisonsTable, heldOutScoresTable, jobTables } from '../../reports/results-table.ts';

const scratch = mkdtempSync(join(tmpdir(), 'orthobench-held-out-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const task = getTask('acl-tear');
const PATIENTS = 40;
const TEST_PATIENTS = new Set(Array.from({ length: 10 }, (_, p) => `P${p * 4}`)); // every 4th patient

/** 40 patients, one exam of two slices each, tears in every third patient; `split` adds the split column. */
function writeManifest(name: string, split: boolean): string {
  const root = join(scratch, name);
  mkdirSync(root, { recursive: true });
  const rows = [`path,label,patientId,modality,examId${split ? ',split' : ''}`];
  for (let p = 0; p < PATIENTS; p++) {
    for (let s = 0; s < 2; s++) {
      const file = `p${p}-s${s}.png`;
      writeFileSync(join(root, file), encodeGrayPng({ pixels: new Float32Array(16).fill((p + s) / 100), width: 4, height: 4 }));
      const side = TEST_PATIENTS.has(`P${p}`) ? 'test' : 'train';
      rows.push(`${file},${p % 3 === 0 ? 'tear' : 'intact'},P${p},mri,E${p}${split ? `,${side}` : ''}`);
    }
  }
  writeFileSync(join(root, 'manifest.csv'), `${rows.join('\n')}\n`);
  return join(root, 'manifest.csv');
}

function specFor(source: string): ResolvedExperiment {
  return {
    ...DEFAULTS, name: 'held-out', description: '', tasks: ['acl-tear'],
    data: { ...DEFAULTS.data, source, imageSize: 4, dir: scratch },
    eval: { ...DEFAULTS.eval, folds: 3, labelFractions: [0.5, 1], baselines: ['random-init'], probe: { ...DEFAULTS.eval.probe, l2Grid: [] } },
    stats: { ...DEFAULTS.stats, bootstrap: 200 },
  };
}

/** Informative features for "pretrained", noise for "random-init" (the images are flat and carry nothing). */
function syntheticFeatures(labels: readonly number[]): Record<'pretrained' | 'random-init', Float64Array[]> {
  const rng = new Rng(5);
  const feature = (label: number, signal: number) => Float64Array.from({ length: 6 }, (_, d) => (d === label ? signal : 0) + rng.normal(0, 1));
  return { pretrained: labels.map((l) => feature(l, 2.5)), 'random-init': labels.map((l) => feature(l, 0)) };
}

async function evaluateAndAnalyze(name: string, split: boolean): Promise<{ spec: ResolvedExperiment; data: PreparedDataset; evaluation: EvaluationOutput; result: TaskResult }> {
  const spec = specFor(writeManifest(name, split));
  const store = new JobStore(join(scratch, 'runs'), name);
  const data = await prepareDataset(spec, task, SILENT_EVENTS, store);
  const rng = new Rng(spec.seed);
  const evaluation = await evaluateCrossValidated({
    task: task.id, spec, labels: data.labels, groups: data.groups, numClasses: 2, features: syntheticFeatures(data.labels),
    ...(data.heldOut ? { heldOut: data.heldOut } : {}), rng: rng.fork('eval'), store, events: SILENT_EVENTS,
  });
  const result = analyzeTask({
    task, labels: data.labels, groups: data.groups, folds: evaluation.folds, predictions: evaluation.predictions, stats: spec.stats,
    rng: rng.fork('analysis'), exams: data.exams, examPooling: spec.eval.examPooling,
    ...(data.heldOut ? { heldOut: { split: data.heldOut, predictions: evaluation.heldOutPredictions } } : {}),
  });
  return { spec, data, evaluation, result };
}

describe('held-out test split', () => {
  let run: Awaited<ReturnType<typeof evaluateAndAnalyze>>;
  beforeAll(async () => {
    run = await evaluateAndAnalyze('split', true);
  }, 60_000);

  it('reads the split and keeps every test patient out of every cross-validation fold', () => {
    const { data, evaluation } = run;
    expect(data.heldOut?.test).toHaveLength(20);
    expect(data.modalities.every((m) => m === 'mri')).toBe(true);
    const testPatients = new Set(data.heldOut!.test.map((i) => data.groups[i]));
    expect(testPatients).toEqual(TEST_PATIENTS);
    for (const fold of evaluation.folds) {
      for (const i of [...fold.train, ...fold.test]) expect(testPatients.has(data.groups[i])).toBe(false);
    }
    const covered = evaluation.folds.flatMap((f) => f.test).sort((a, b) => a - b);
    expect(covered).toEqual(data.heldOut!.train);
  });

  it('trains each model on nested fractions of the train part and predicts the whole test part once', () => {
    const { data, evaluation } = run;
    expect(evaluation.heldOutPredictions.map((p) => `${p.model}@${p.fraction}`)).toEqual(['pretrained@0.5', 'random-init@0.5', 'pretrained@1', 'random-init@1']);
    for (const p of evaluation.heldOutPredictions) {
      expect(p.fold).toBe(HELD_OUT_FOLD);
      expect(p.testIndices).toEqual(data.heldOut!.test);
      expect(p.trainCount).toBe(p.fraction === 1 ? 60 : 30); // 30 train patients × 2 slices; half of each class's patients
      expect(p.selection!.fitCount + p.selection!.validationCount).toBe(p.trainCount);
    }
  });

  it('reports exam-level held-out metrics with patient-bootstrap CIs and the paired test', () => {
    const { data, evaluation, result } = run;
    const heldOut = result.heldOut!;
    expect(heldOut).toMatchObject({ trainSamples: 30, trainPatients: 30, testSamples: 10, testPatients: 10 });
    expect(heldOut.scores).toHaveLength(4);
    // accuracy by hand: per exam, the mean of its two slices' probabilities, then argmax
    const pretrained = evaluation.heldOutPredictions.find((p) => p.model === 'pretrained' && p.fraction === 1)!;
    let correct = 0;
    for (let e = 0; e < 10; e++) {
      const [a, b] = [2 * e, 2 * e + 1];
      const tear = (pretrained.probabilities[a][1] + pretrained.probabilities[b][1]) / 2;
      correct += Number((tear > 0.5 ? 1 : 0) === data.labels[pretrained.testIndices[a]]);
    }
    const score = heldOut.scores.find((s) => s.model === 'pretrained' && s.fraction === 1)!;
    const accuracy = score.metrics.find((m) => m.metric === 'accuracy')!;
    expect(accuracy.value).toBeCloseTo(correct / 10, 12);
    expect(accuracy.ci.lower).toBeLessThanOrEqual(accuracy.value);
    expect(accuracy.ci.upper).toBeGreaterThanOrEqual(accuracy.value);
    expect(accuracy.ci.method).toBe('percentile bootstrap over test patients');
    expect(score.metrics.find((m) => m.metric === 'auroc')!.value).toBeGreaterThan(0.8);
    expect(heldOut.comparisons.map((c) => [c.model, c.baseline, c.fraction, c.test])).toEqual([
      ['pretrained', 'random-init', 0.5, 'delong-paired'],
      ['pretrained', 'random-init', 1, 'delong-paired'],
    ]);
    // cross-validation is scored on the train part only
    expect(result.folds.reduce((n, f) => n + f.testSamples, 0)).toBe(30);
  });

  it('shows the held-out block in the results tables', () => {
    const scores = heldOutScoresTable(run.result)!;
    expect(scores.title).toContain('held-out test (10 exams, 10 patients; trained on the 30 exams of 30 patients');
    expect(scores.rows).toHaveLength(4);
    expect(heldOutComparisonsTable(run.result)!.rows).toHaveLength(2);
    expect(jobTables({ tasks: [run.result] } as Parameters<typeof jobTables>[0]).map((t) => t.title)).toHaveLength(4);
  });
});

describe('without a split', () => {
  it('cross-validates every sample as before and reports no held-out block', async () => {
    const { spec, data, evaluation, result } = await evaluateAndAnalyze('no-split', false);
    expect(data.heldOut).toBeUndefined();
    const expected = patientGroupedStratifiedKFold(data.labels, data.groups, spec.eval.folds, new Rng(spec.seed).fork('eval').fork('folds'));
    expect(evaluation.folds).toEqual(expected);
    expect(evaluation.heldOutPredictions).toEqual([]);
    expect(evaluation.predictions.every((p) => p.fold >= 0)).toBe(true);
    expect(result.heldOut).toBeUndefined();
    expect(heldOutScoresTable(result)).toBeUndefined();
  }, 60_000);
});
