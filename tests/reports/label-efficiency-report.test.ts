// The label-efficiency verdict from analysis to report: pretrained at each label fraction against supervised at
// 100 % on hand-made predictions whose differences are known exactly, the fixed-sequence verdict, the BCa interval
// beside the percentile one, and the sentences report.md states (older results without the field still render).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StatsSettings } from '../../benchmarks/analysis/analyze-task.ts';
import type { FoldPredictions, ModelKind, TaskResult } from '../../dsl/results.ts';
import { writeJobReport } from '../../reports/job-report.ts';
import { correctExcept, makeRun, range } from './make-run.ts';
import { analyzeCohort, madeCohort, madeTask, wrongOnPredictions } from './made-predictions.ts';

const N = 120;
const B = 200;
const cohort = madeCohort(N);
const task = madeTask(['accuracy', 'macro-f1']);
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const predictionsOf = (model: ModelKind, fraction: number, wrong: number[]): FoldPredictions[] => wrongOnPredictions(cohort, model, fraction, wrong);

function analyze(predictions: FoldPredictions[], stats: Partial<StatsSettings> = {}): TaskResult {
  return analyzeCohort(cohort, task, predictions, { alpha: 0.05, bootstrap: B, confidence: 0.95, ...stats }, 7);
}

// supervised@100 % misses 12 samples (accuracy 0.9); pretrained equals it at 100 % and 50 %, and at 25 % misses
// 36 (accuracy 0.7): Δ = 0, 0 and −0.2 exactly.
const supervisedWrong = range(0, 12);
const matching = [
  ...predictionsOf('supervised', 1, supervisedWrong),
  ...predictionsOf('pretrained', 1, supervisedWrong),
  ...predictionsOf('pretrained', 0.5, supervisedWrong),
  ...predictionsOf('pretrained', 0.25, range(0, 36)),
];

describe('label-efficiency analysis', () => {
  const result = analyze(matching);

  it('tests every pretrained fraction against supervised@100 % and reads the fixed sequence', () => {
    const efficiency = result.labelEfficiency!;
    expect(efficiency).toMatchObject({ metric: 'accuracy', model: 'pretrained', referenceModel: 'supervised', referenceFraction: 1, margin: 0.02, alpha: 0.05, resamples: B });
    expect(efficiency.tests.map((t) => t.fraction)).toEqual([0.25, 0.5, 1]);
    expect(efficiency.tests.map((t) => t.delta)).toEqual([expect.closeTo(-0.2, 12), 0, 0]);
    // Identical predictions: every resampled Δ* is 0, so the bound is 0 and only the observed sample counts in p.
    expect(efficiency.tests[1]).toMatchObject({ lowerBound: 0, nonInferior: true, pValue: 1 / (B + 1) });
    expect(efficiency.tests[0].nonInferior).toBe(false);
    expect(efficiency.tests[0].pValue).toBeGreaterThan(0.99);
    expect(efficiency.smallestFraction).toBe(0.5);
    expect(efficiency.pValue).toBe(1 / (B + 1));
    expect(efficiency.reason).toBe('non-inferior down to 0.5; the sequence stopped at 0.25');
  });

  it('adds a BCa interval to the pooled primary metric only', () => {
    const reference = result.scores.find((s) => s.model === 'pretrained' && s.fraction === 0.25)!;
    const [accuracy, macroF1] = reference.metrics;
    expect(accuracy.bca).toMatchObject({ confidence: 0.95, method: 'BCa bootstrap over patients' });
    expect(accuracy.bca!.lower).toBeLessThan(0.7);
    expect(accuracy.bca!.upper).toBeGreaterThan(0.7);
    expect(macroF1.bca).toBeUndefined();
  });

  it('says why when it cannot assess, and is absent without a supervised reference', () => {
    expect(analyze(matching, { nonInferiorityMargin: -0.01 }).labelEfficiency).toMatchObject({ tests: [], smallestFraction: null, reason: expect.stringContaining('≥ 0') });
    expect(analyze(matching.filter((p) => p.model === 'pretrained')).labelEfficiency).toBeUndefined();
  });
});

async function reportOf(taskResult: TaskResult | undefined): Promise<string> {
  const run = makeRun('job', [{ id: 'kl', labels: cohort.labels, correct: correctExcept(N, supervisedWrong) }]);
  if (taskResult) run.result.tasks = [taskResult];
  const dir = mkdtempSync(join(tmpdir(), 'label-efficiency-report-'));
  dirs.push(dir);
  return readFileSync(await writeJobReport(run.result, dir), 'utf8');
}

describe('label-efficiency verdict in report.md', () => {
  it('states the smallest non-inferior fraction with margin and p, the per-fraction tests and the BCa intervals', async () => {
    const report = await reportOf(analyze(matching));
    expect(report).toContain('- **pretrained** matches **supervised@100%** from 50% labels (accuracy, margin 0.02, p = 0.0050).');
    expect(report).toMatch(/\| 25% \| -0\.200 \| -0\.\d{3} \| 1\.0000 \| no \|/);
    expect(report).toContain('| 50% | 0.000 | 0.000 | 0.0050 | yes |');
    expect(report).toContain('one-sided 95% lower bound');
    expect(report).toContain('| model | labels | pooled accuracy | 95% percentile CI | 95% BCa CI |');
    expect(report).toMatch(/- At 100% labels, \*\*pretrained\*\* accuracy is not significantly different than \*\*supervised\*\*: Δ = 0\.000 \(95% CI/);
  });

  it('says so when pretrained is not non-inferior at any fraction', async () => {
    const weak = [...predictionsOf('supervised', 1, supervisedWrong), ...predictionsOf('pretrained', 1, range(0, 40)), ...predictionsOf('pretrained', 0.5, range(0, 40))];
    const report = await reportOf(analyze(weak));
    expect(report).toMatch(/- \*\*pretrained\*\* is not non-inferior to \*\*supervised@100%\*\* at any label fraction \(margin 0\.02; at 100%: Δ = -0\.233, lower bound -0\.\d{3}, p = 1\.0000\)\./);
  });

  it('renders a result written before labelEfficiency and bca existed', async () => {
    const report = await reportOf(undefined);
    expect(report).toContain('## Task kl');
    expect(report).not.toContain('Label efficiency');
    expect(report).not.toContain('BCa');
  });
});
