// Paired comparisons of the k-NN and fine-tuned models against their natural baselines, from analysis to report:
// exact McNemar p-values and accuracy differences worked by hand from constructed predictions, DeLong against an
// independent implementation written here (placement values, DeLong et al. 1988), and the rows the tables,
// report.md and the HTML report list.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jStat from 'jstat';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { pairedBootstrapDifference } from '../../benchmarks/stats/bootstrap.ts';
import type { FoldPredictions, ModelKind, TaskResult } from '../../dsl/results.ts';
import { renderHtmlReport } from '../../reports/html-report.ts';
import { writeJobReport } from '../../reports/job-report.ts';
import { comparisonsTable } from '../../reports/results-table.ts';
import { correctExcept, makeRun, range } from './make-run.ts';
import { analyzeCohort, madeCohort, madeTask, scoredPredictions, wrongOnPredictions } from './made-predictions.ts';

const N = 80;
const cohort = madeCohort(N);
const { labels, groups } = cohort;
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const predictionsOf = (model: ModelKind, fraction: number, scoreOf: (i: number) => number): FoldPredictions[] => scoredPredictions(cohort, model, fraction, scoreOf);
const wrongOn = (model: ModelKind, wrong: number[], fraction = 1): FoldPredictions[] => wrongOnPredictions(cohort, model, fraction, wrong);

function analyze(primaryMetric: 'accuracy' | 'auroc', predictions: FoldPredictions[]): TaskResult {
  return analyzeCohort(cohort, madeTask([primaryMetric]), predictions, { alpha: 0.05, bootstrap: 200, confidence: 0.95 }, 7);
}

/** 2·P(Bin(b + c, ½) ≤ min(b, c)), capped at 1: the exact McNemar p-value. */
function exactMcNemarP(b: number, c: number): number {
  const n = b + c;
  let tail = 0;
  let choose = 1; // C(n, k), built up term by term
  for (let k = 0; k <= Math.min(b, c); k++) {
    tail += choose / 2 ** n;
    choose = (choose * (n - k)) / (k + 1);
  }
  return Math.min(1, 2 * tail);
}

// Wrong sets: supervised 0–15, pretrained 0–9, random-init 0–19, k-NN 0–11 vs 0–29, fine-tune {0, 1, 60, 61}.
const sixModels = [
  ...wrongOn('supervised', range(0, 16)),
  ...wrongOn('pretrained', range(0, 10)),
  ...wrongOn('random-init', range(0, 20)),
  ...wrongOn('pretrained:knn', range(0, 12)),
  ...wrongOn('random-init:knn', range(0, 30)),
  ...wrongOn('pretrained:fine-tune', [0, 1, 60, 61]),
];

describe('analyzeTask: each model against its natural baselines (McNemar)', () => {
  const result = analyze('accuracy', sixModels);

  it('lists the pairs in order, with the exact McNemar p and Δ accuracy worked by hand', () => {
    // b = ours right & theirs wrong, c = the reverse. Fine-tune vs supervised: b = |2–15| = 14, c = |{60, 61}| = 2.
    const expected = [
      { model: 'pretrained', baseline: 'random-init', b: 10, c: 0 },
      { model: 'pretrained', baseline: 'supervised', b: 6, c: 0 },
      { model: 'pretrained:knn', baseline: 'random-init:knn', b: 18, c: 0 },
      { model: 'pretrained:fine-tune', baseline: 'supervised', b: 14, c: 2 },
      { model: 'pretrained:fine-tune', baseline: 'pretrained', b: 8, c: 2 },
    ];
    expect(result.comparisons.map((c) => [c.model, c.baseline])).toEqual(expected.map((e) => [e.model, e.baseline]));
    result.comparisons.forEach((comparison, k) => {
      const { b, c } = expected[k];
      // two samples per patient: the clustered test is the headline, the plain exact p stays in the details
      expect(comparison).toMatchObject({ fraction: 1, metric: 'accuracy', test: 'mcnemar-clustered-yang', details: { b, c, n: N, patients: N / 2 } });
      expect(comparison.details.unclusteredExactP).toBeCloseTo(exactMcNemarP(b, c), 12);
      expect(comparison.effect.value).toBeCloseTo((b - c) / N, 12);
      expect(comparison.effect.ci.lower).toBeLessThanOrEqual(comparison.effect.value);
      expect(comparison.effect.ci.upper).toBeGreaterThanOrEqual(comparison.effect.value);
    });
    // 274/65536 and 112/1024 by hand: 2·(1 + 16 + 120)/2¹⁶ and 2·(1 + 10 + 45)/2¹⁰.
    expect(result.comparisons[3].details.unclusteredExactP).toBeCloseTo(274 / 65536, 15);
    expect(result.comparisons[4].details.unclusteredExactP).toBeCloseTo(112 / 1024, 15);
    // Yang's χ² by hand for pretrained vs random-init: patients 5–9 each have d = 2, the other 35 d = 0; K = 40,
    // N = 80, Δ = 10/80; χ² = (39/40)·10² / (½[5((2 − 0.25)² + 2²) + 35·0.25²]) = 97.5 / 18.75 = 5.2.
    expect(result.comparisons[0].statistic).toBeCloseTo(5.2, 12);
    expect(result.comparisons[0].pValue).toBeCloseTo(1 - jStat.chisquare.cdf(5.2, 1), 12);
    // pretrained vs supervised: 3 discordant patients of 40 (six radiographs) — p 0.0156 unclustered, 0.081 clustered
    expect(result.comparisons.map((c) => c.significant)).toEqual([true, false, true, true, false]);
  });

  it('keeps the linear probe\'s bootstrap stream, so results of older specs reproduce', () => {
    const correct = (wrong: number[]) => correctExcept(N, wrong);
    const rate = (ok: boolean[]) => (idx: number[]) => idx.reduce((s, i) => s + (ok[i] ? 1 : 0), 0) / idx.length;
    const replay = pairedBootstrapDifference(rate(correct(range(0, 10))), rate(correct(range(0, 20))), N, {
      resamples: 200,
      confidence: 0.95,
      groups,
      rng: new Rng(7).fork('paired:random-init:1'),
    });
    expect(result.comparisons[0].effect.ci).toMatchObject({ lower: replay.lower, upper: replay.upper });
  });

  it('runs a pair only where both models were evaluated, at every label fraction', () => {
    const knnOnly = analyze('accuracy', [...wrongOn('pretrained:knn', range(0, 12)), ...wrongOn('random-init:knn', range(0, 30)), ...wrongOn('pretrained:knn', range(0, 20), 0.5), ...wrongOn('random-init:knn', range(0, 30), 0.5)]);
    expect(knnOnly.comparisons.map((c) => `${c.model} vs ${c.baseline} @${c.fraction}`)).toEqual(['pretrained:knn vs random-init:knn @0.5', 'pretrained:knn vs random-init:knn @1']);
    const fineTuneAndProbe = analyze('accuracy', [...wrongOn('pretrained', range(0, 10)), ...wrongOn('pretrained:fine-tune', [0, 1, 60, 61])]);
    expect(fineTuneAndProbe.comparisons.map((c) => `${c.model} vs ${c.baseline}`)).toEqual(['pretrained:fine-tune vs pretrained']);
  });
});

/** DeLong's paired test written out from placement values, as an independent reference. */
function referenceDelong(y: number[], a: number[], b: number[]): { difference: number; se: number; p: number } {
  const pos = range(0, y.length).filter((i) => y[i] === 1);
  const neg = range(0, y.length).filter((i) => y[i] === 0);
  const psi = (x: number, z: number) => (x > z ? 1 : x === z ? 0.5 : 0);
  const placements = (s: number[]) => ({
    v10: pos.map((i) => neg.reduce((t, j) => t + psi(s[i], s[j]), 0) / neg.length),
    v01: neg.map((j) => pos.reduce((t, i) => t + psi(s[i], s[j]), 0) / pos.length),
  });
  const pa = placements(a);
  const pb = placements(b);
  const mean = (v: number[]) => v.reduce((t, x) => t + x, 0) / v.length;
  const cov = (u: number[], v: number[]) => u.reduce((t, x, k) => t + (x - mean(u)) * (v[k] - mean(v)), 0) / (u.length - 1);
  const difference = mean(pa.v10) - mean(pb.v10);
  const variance =
    (cov(pa.v10, pa.v10) + cov(pb.v10, pb.v10) - 2 * cov(pa.v10, pb.v10)) / pos.length +
    (cov(pa.v01, pa.v01) + cov(pb.v01, pb.v01) - 2 * cov(pa.v01, pb.v01)) / neg.length;
  const se = Math.sqrt(variance);
  return { difference, se, p: 2 * (1 - jStat.normal.cdf(Math.abs(difference / se), 0, 1)) };
}

/**
 * Obuchowski's (1997) clustered variance of the same difference, written out from the placement values summed per
 * patient, as a second reference: the made cohort has two samples per patient.
 */
function referenceClusteredDelong(y: number[], a: number[], b: number[], groups: string[]): { difference: number; se: number; p: number } {
  const pos = range(0, y.length).filter((i) => y[i] === 1);
  const neg = range(0, y.length).filter((i) => y[i] === 0);
  const psi = (x: number, z: number) => (x > z ? 1 : x === z ? 0.5 : 0);
  const patients = [...new Set(groups)];
  // per patient: Σ over its positives of (V10_A − V10_B) and Σ over its negatives of (V01_A − V01_B), centred
  const difference = pos.reduce((t, i) => t + neg.reduce((u, j) => u + psi(a[i], a[j]) - psi(b[i], b[j]), 0), 0) / (pos.length * neg.length);
  const x = patients.map((g) => pos.filter((i) => groups[i] === g).reduce((t, i) => t + neg.reduce((u, j) => u + psi(a[i], a[j]) - psi(b[i], b[j]), 0) / neg.length - difference, 0));
  const z = patients.map((g) => neg.filter((j) => groups[j] === g).reduce((t, j) => t + pos.reduce((u, i) => u + psi(a[i], a[j]) - psi(b[i], b[j]), 0) / pos.length - difference, 0));
  const I = patients.length;
  const I10 = patients.filter((g) => pos.some((i) => groups[i] === g)).length;
  const I01 = patients.filter((g) => neg.some((j) => groups[j] === g)).length;
  const M = pos.length;
  const N = neg.length;
  const s10 = (I10 / ((I10 - 1) * M)) * x.reduce((t, v) => t + v * v, 0);
  const s01 = (I01 / ((I01 - 1) * N)) * z.reduce((t, v) => t + v * v, 0);
  const s11 = (I / (I - 1)) * x.reduce((t, v, k) => t + v * z[k], 0);
  const se = Math.sqrt(s10 / M + s01 / N + (2 * s11) / (M * N));
  return { difference, se, p: 2 * (1 - jStat.normal.cdf(Math.abs(difference / se), 0, 1)) };
}

describe('analyzeTask: DeLong for a binary AUROC task', () => {
  const draw = new Rng(11);
  const strong = labels.map((y) => 1 / (1 + Math.exp(-(2 * y - 1) * 1.2 - draw.normal(0, 1))));
  const weak = labels.map((y) => 1 / (1 + Math.exp(-(2 * y - 1) * 0.3 - draw.normal(0, 1))));
  const fineTuned = strong.map((s, i) => (i % 7 === 0 ? 1 - s : s));

  it('tests k-NN against random-init k-NN and fine-tuning against both baselines by DeLong, clustered by patient', () => {
    const result = analyze('auroc', [
      ...predictionsOf('pretrained', 1, (i) => strong[i]),
      ...predictionsOf('supervised', 1, (i) => weak[i]),
      ...predictionsOf('pretrained:knn', 1, (i) => strong[i]),
      ...predictionsOf('random-init:knn', 1, (i) => weak[i]),
      ...predictionsOf('pretrained:fine-tune', 1, (i) => fineTuned[i]),
    ]);
    const pairs = result.comparisons.map((c) => `${c.model} vs ${c.baseline}`);
    expect(pairs).toEqual(['pretrained vs supervised', 'pretrained:knn vs random-init:knn', 'pretrained:fine-tune vs supervised', 'pretrained:fine-tune vs pretrained']);
    const scoresOf: Record<string, number[]> = { pretrained: strong, supervised: weak, 'pretrained:knn': strong, 'random-init:knn': weak, 'pretrained:fine-tune': fineTuned };
    for (const comparison of result.comparisons) {
      // two samples per patient: Obuchowski's clustered variance is the headline, plain DeLong stays in the details
      const plain = referenceDelong(labels, scoresOf[comparison.model], scoresOf[comparison.baseline]);
      const reference = referenceClusteredDelong(labels, scoresOf[comparison.model], scoresOf[comparison.baseline], groups);
      expect(comparison).toMatchObject({ metric: 'auroc', test: 'delong-clustered-obuchowski' });
      expect(comparison.effect.value).toBeCloseTo(reference.difference, 12);
      expect(comparison.pValue).toBeCloseTo(reference.p, 9);
      expect(comparison.details.unclusteredDelongP).toBeCloseTo(plain.p, 9);
      expect(comparison.effect.ci.lower).toBeCloseTo(reference.difference - jStat.normal.inv(0.975, 0, 1) * reference.se, 9);
    }
    expect(result.comparisons[1].effect.value).toBeGreaterThan(0.1);
  });
});

describe('the new comparisons in the tables and reports', () => {
  const result = analyze('accuracy', sixModels);

  it('lists them in the comparisons table, report.md and the HTML report', async () => {
    const rows = comparisonsTable(result).rows;
    expect(rows.map((r) => r[0])).toEqual([
      'pretrained vs random-init',
      'pretrained vs supervised',
      'pretrained:knn vs random-init:knn',
      'pretrained:fine-tune vs supervised',
      'pretrained:fine-tune vs pretrained',
    ]);
    expect(rows[2]).toEqual(['pretrained:knn vs random-init:knn', '100%', 'accuracy', expect.stringMatching(/^\+0\.225 \[/), 'mcnemar-clustered-yang', '0.0017', 'better']); // χ² = (39/40)·18² / 31.95 = 9.887 (9 patients with d = 2)

    const run = makeRun('job', [{ id: 'kl', labels, correct: correctExcept(N, []) }]);
    run.result.tasks = [result];
    const dir = mkdtempSync(join(tmpdir(), 'protocol-comparisons-'));
    dirs.push(dir);
    const report = readFileSync(await writeJobReport(run.result, dir), 'utf8');
    expect(report).toMatch(/\| pretrained:fine-tune vs supervised \| 100% \| accuracy \| \+0\.150 \[/);
    expect(report).toContain('- At 100% labels, **pretrained:knn** accuracy is significantly higher than **random-init:knn**: Δ = 0.225');
    // what the test names mean, once per test used, citable
    expect(report).toContain("- mcnemar-clustered-yang: McNemar's test adjusted for several samples per patient (Yang, Sun & Hardin 2010");
    expect(report).toContain('- At 100% labels, **pretrained:fine-tune** accuracy is not significantly different than **pretrained**: Δ = 0.075');

    const html = await renderHtmlReport({ runs: [{ result: run.result }], skipped: [] });
    expect(html).toContain('<td>pretrained:knn vs random-init:knn</td>');
    expect(html).toContain('<td>pretrained:fine-tune vs pretrained</td>');
    expect(html).toMatch(/<li>mcnemar-clustered-yang: McNemar.{1,6}s test adjusted for several samples per patient/);
  }, 30_000);
});
