// Margin 0 in the label-efficiency test: the limiting case H₀ Δ ≤ 0, i.e. a one-sided superiority test. Checked
// on predictions whose every bootstrap Δ* is known by construction, and through analyzeTask's verdict.
import { describe, expect, it } from 'vitest';
import { nonInferiorityTest } from '../../benchmarks/label-efficiency/non-inferiority.ts';
import { Rng } from '../../benchmarks/rng.ts';
import type { FoldPredictions, ModelKind } from '../../dsl/results.ts';
import { analyzeCohort, madeCohort, madeTask, wrongOnPredictions } from '../reports/made-predictions.ts';

const N = 100;
const B = 300;
const cohort = madeCohort(N);
const { groups } = cohort;
/** Accuracy on resampled positions of a model that is right everywhere except on `wrong`. */
const accuracyOf = (wrong: number[]) => {
  const miss = new Set(wrong);
  return (idx: number[]) => idx.filter((i) => !miss.has(i)).length / idx.length;
};
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('nonInferiorityTest at margin 0', () => {
  it('does not call a copy of the baseline non-inferior: every Δ* is 0, so the bound is 0 and p = 1', () => {
    const same = accuracyOf(range(20));
    const result = nonInferiorityTest(same, same, N, { margin: 0, rng: new Rng(3), resamples: B, groups });
    expect(result).toMatchObject({ margin: 0, delta: 0, lowerBound: 0, nonInferior: false, pValue: 1 });
  });

  it('calls a model that is never worse and better on 20 samples superior, with p = 1/(B + 1)', () => {
    // A is right wherever B is, and also on samples 0–19: every Δ* ≥ 0, and Δ* = 0 only for a resample without any
    // of patients 0–9, probability (40/50)^50 ≈ 1.4e-5 per resample, so no Δ* ≤ 0 is expected among 300.
    const result = nonInferiorityTest(accuracyOf([]), accuracyOf(range(20)), N, { margin: 0, rng: new Rng(3), resamples: B, groups });
    expect(result.delta).toBeCloseTo(0.2, 12);
    expect(result.lowerBound).toBeGreaterThan(0);
    expect(result).toMatchObject({ nonInferior: true, pValue: 1 / (B + 1) });
  });
});

describe('label-efficiency verdict at stats.nonInferiorityMargin 0', () => {
  const predictionsOf = (model: ModelKind, fraction: number, wrong: number[]): FoldPredictions[] => wrongOnPredictions(cohort, model, fraction, wrong);
  const analyze = (predictions: FoldPredictions[]) =>
    analyzeCohort(cohort, madeTask(), predictions, { alpha: 0.05, bootstrap: B, confidence: 0.95, nonInferiorityMargin: 0 }, 5).labelEfficiency!;

  it('is assessed, and claims a fraction only where pretrained is shown better than supervised@100 %', () => {
    // pretrained@100 % beats supervised (wrong on 0–19 vs 0–39); pretrained@50 % equals it: the sequence stops there.
    const verdict = analyze([...predictionsOf('supervised', 1, range(40)), ...predictionsOf('pretrained', 1, range(20)), ...predictionsOf('pretrained', 0.5, range(40))]);
    expect(verdict).toMatchObject({ margin: 0, smallestFraction: 1, pValue: 1 / (B + 1), reason: 'non-inferior down to 1; the sequence stopped at 0.5' });
    expect(verdict.tests.map((t) => [t.fraction, t.nonInferior, t.pValue])).toEqual([[0.5, false, 1], [1, true, 1 / (B + 1)]]);
  });
});
