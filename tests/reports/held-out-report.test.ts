// The held-out test block from analysis to report.md: constructed test-part predictions whose accuracy and exact
// McNemar p are worked by hand (binomial tail of the discordant pairs), the patient-bootstrap CI around them, and
// the "Held-out test" section with its tables and verdicts (report.md and HTML) and its MLflow metrics; a task without a split keeps its report as before.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jStat from 'jstat';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeTask } from '../../benchmarks/analysis/analyze-task.ts';
import { Rng } from '../../benchmarks/rng.ts';
import type { TaskDefinition } from '../../benchmarks/tasks/task.ts';
import { HELD_OUT_FOLD, type FoldPredictions, type ModelKind } from '../../dsl/results.ts';
import { renderHtmlReport } from '../../reports/html-report.ts';
import { writeJobReport } from '../../reports/job-report.ts';
import { jobMetrics } from '../../reports/track-job.ts';
import { alternatingLabels, correctExcept, makeRun, range } from './make-run.ts';

const N = 60;
const labels = alternatingLabels(N);
const groups = labels.map((_, i) => `patient-${Math.floor(i / 2)}`);
const train = range(0, 40);
const test = range(40, 60);
const folds = [0, 1].map((fold) => train.filter((i) => Math.floor(i / 2) % 2 === fold));
const cvFolds = folds.map((testPart) => ({ train: train.filter((i) => !testPart.includes(i)), test: testPart }));
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const task: TaskDefinition = {
  id: 'kl', version: 1, title: 'made task', modality: 'xray', anatomy: 'knee', labels: ['no', 'yes'], output: 'binary',
  primaryMetric: 'accuracy', metrics: [{ id: 'accuracy', higherIsBetter: true }], unit: 'image', source: 'synthetic:kl',
};

function predictions(model: ModelKind, indices: number[], fold: number, wrong: number[]): FoldPredictions {
  const correct = correctExcept(N, wrong);
  const p1 = indices.map((i) => ((correct[i] ? labels[i] : 1 - labels[i]) === 1 ? 0.8 : 0.2));
  return { model, fraction: 1, fold, testIndices: indices, trainCount: train.length, predicted: p1.map((p) => (p > 0.5 ? 1 : 0)), probabilities: p1.map((p) => [1 - p, p]) };
}

const C = (n: number, k: number): number => (k === 0 ? 1 : (C(n, k - 1) * (n - k + 1)) / k);

describe('held-out test in the job report', () => {
  it('scores each model on the test part and reports accuracy, CI, the clustered McNemar test and the section in report.md', async () => {
    // pretrained wrong on 2 test samples, random-init on 11 others: discordant pairs b = 11, c = 2
    const pretrainedWrong = [41, 50];
    const randomWrong = [40, 43, 44, 46, 47, 48, 52, 54, 55, 56, 59];
    const cv = [...folds.entries()].flatMap(([f, indices]) => [predictions('pretrained', indices, f, []), predictions('random-init', indices, f, [])]);
    const heldOut = [predictions('pretrained', test, HELD_OUT_FOLD, pretrainedWrong), predictions('random-init', test, HELD_OUT_FOLD, randomWrong)];
    const result = analyzeTask({
      task, labels, groups, folds: cvFolds, predictions: cv, stats: { alpha: 0.05, bootstrap: 500, confidence: 0.95 }, rng: new Rng(1),
      heldOut: { split: { train, test }, predictions: heldOut },
    });
    const block = result.heldOut!;
    expect(block).toMatchObject({ trainSamples: 40, trainPatients: 20, testSamples: 20, testPatients: 10 });
    const accuracy = (model: ModelKind) => block.scores.find((s) => s.model === model)!.metrics[0];
    expect(accuracy('pretrained').value).toBeCloseTo(18 / 20, 12);
    expect(accuracy('random-init').value).toBeCloseTo(9 / 20, 12);
    expect(accuracy('pretrained').ci.lower).toBeLessThan(0.9);
    expect(accuracy('pretrained').bca).toBeDefined();
    // Two test samples per patient, so the clustered McNemar test (Yang 2010) is the headline. By hand, d_k = b_k − c_k
    // for patients 20–29 is 0, 1, 1, 2, 1, −1, 1, 2, 1, 1: Σd = 9, K = 10, N = 20, Δ = 0.45, n_kΔ = 0.9, and
    // χ² = (9/10)·9² / (½ Σ[(d_k − 0.9)² + d_k²]) = 72.9 / 10.95.
    const [comparison] = block.comparisons;
    expect(comparison).toMatchObject({ model: 'pretrained', baseline: 'random-init', test: 'mcnemar-clustered-yang', significant: true });
    expect(comparison.statistic).toBeCloseTo(72.9 / 10.95, 12);
    expect(comparison.pValue).toBeCloseTo(1 - jStat.chisquare.cdf(72.9 / 10.95, 1), 12);
    // the unclustered exact McNemar stays in the details: binomial tail of min(b, c) = 2 of 13 discordant pairs (184/8192)
    const exactP = Math.min(1, (2 * (C(13, 0) + C(13, 1) + C(13, 2))) / 2 ** 13);
    expect(comparison.details.unclusteredExactP).toBeCloseTo(exactP, 12);
    expect(comparison.effect.value).toBeCloseTo(9 / 20, 12);
    // the cross-validated block is unchanged by the held-out one
    expect(result.scores.find((s) => s.model === 'pretrained')!.metrics[0].pooled).toBe(1);

    const run = makeRun('job', [{ id: 'kl', labels, correct: correctExcept(N, []) }]);
    run.result.tasks = [result];
    const dir = mkdtempSync(join(tmpdir(), 'held-out-report-'));
    dirs.push(dir);
    const report = readFileSync(await writeJobReport(run.result, dir), 'utf8');
    expect(report).toContain('### Held-out test');
    expect(report).toContain('**kl: held-out test (20 samples, 10 patients; trained on the 40 samples of 20 patients of the train part)');
    expect(report).toMatch(/\| pretrained \| 100% \| 40 \| 0\.900 \[0\.\d{3}, 1\.000\] BCa \[/);
    expect(report).toMatch(/\| pretrained vs random-init \| 100% \| accuracy \| \+0\.450 \[/);
    expect(report).toContain('- At 100% labels, **pretrained** accuracy is significantly higher than **random-init**: Δ = 0.450');

    // the same block in the HTML report and as MLflow metrics
    const html = await renderHtmlReport({ runs: [{ result: run.result }], skipped: [] });
    expect(html).toContain('id="held-out-job-kl">Held-out test</h4>');
    expect(html).toContain('kl: held-out test (20 samples, 10 patients; trained on the 40 samples of 20 patients of the train part)');
    expect(html).toContain('kl: paired comparisons on the held-out test part');
    const metrics = new Map(jobMetrics(run.result, 0).map((m) => [m.key, m.value]));
    expect(metrics.get('kl/held_out/pretrained/labels_1/accuracy')).toBeCloseTo(0.9, 12);
    expect(metrics.get('kl/held_out/random-init/labels_1/accuracy')).toBeCloseTo(0.45, 12);
    expect(metrics.get('kl/held_out/pretrained/labels_1/accuracy/ci_lower')).toBe(accuracy('pretrained').ci.lower);
    expect(metrics.get('kl/held_out/pretrained_vs_random-init/labels_1/delta_accuracy')).toBeCloseTo(0.45, 12);
    expect(metrics.get('kl/held_out/pretrained_vs_random-init/labels_1/p_value')).toBeCloseTo(comparison.pValue, 12);

    const plain = makeRun('plain', [{ id: 'kl', labels, correct: correctExcept(N, []) }]);
    const plainDir = mkdtempSync(join(tmpdir(), 'held-out-report-plain-'));
    dirs.push(plainDir);
    expect(readFileSync(await writeJobReport(plain.result, plainDir), 'utf8')).not.toContain('Held-out');
    expect(await renderHtmlReport({ runs: [plain], skipped: [] })).not.toContain('Held-out');
    expect(jobMetrics(plain.result, 0).some((m) => m.key.includes('held_out'))).toBe(false);
  });
});
