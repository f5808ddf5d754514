// Classification metrics against scikit-learn 1.2 (tests/fixtures/stats-reference.json); closed forms, |Δ| ≤ 1e-9.
import { describe, expect, it } from 'vitest';
import {
  accuracy,
  balancedAccuracy,
  confusionMatrix,
  macroF1,
  perClassF1,
  quadraticWeightedKappa,
} from '../../benchmarks/metrics/classification.ts';
import { statsReference } from './stats-reference.ts';

const TOLERANCE = 1e-9;

describe.each(statsReference.classification)('sklearn parity: $name', (c) => {
  it('confusion matrix', () => {
    expect(confusionMatrix(c.yTrue, c.yPred, c.k)).toEqual(c.confusion);
  });
  it('accuracy and balanced accuracy', () => {
    expect(Math.abs(accuracy(c.yTrue, c.yPred) - c.accuracy)).toBeLessThanOrEqual(TOLERANCE);
    expect(Math.abs(balancedAccuracy(c.yTrue, c.yPred, c.k) - c.balancedAccuracy)).toBeLessThanOrEqual(TOLERANCE);
  });
  it('per-class and macro F1 (zero_division=0)', () => {
    perClassF1(c.yTrue, c.yPred, c.k).forEach((f1, j) => expect(Math.abs(f1 - c.perClassF1[j])).toBeLessThanOrEqual(TOLERANCE));
    expect(Math.abs(macroF1(c.yTrue, c.yPred, c.k) - c.macroF1Present)).toBeLessThanOrEqual(TOLERANCE);
    expect(Math.abs(macroF1(c.yTrue, c.yPred, c.k, { averageOver: 'all' }) - c.macroF1All)).toBeLessThanOrEqual(TOLERANCE);
  });
  it('quadratic weighted kappa', () => {
    const kappa = quadraticWeightedKappa(c.yTrue, c.yPred, c.k, { replaceUndefinedBy: Number.NaN });
    if (c.quadraticKappa === null) expect(kappa).toBeNaN();
    else expect(Math.abs(kappa - c.quadraticKappa)).toBeLessThanOrEqual(TOLERANCE);
  });
});

describe('hand-computed examples', () => {
  it('QWK of a two-grade confusion: 1 − Σw·O / Σw·E', () => {
    // O = [[1,1],[0,2]], row totals (2,2), column totals (1,3), n = 4: Σw·O = 1, Σw·E = (2·3 + 2·1)/4 = 2.
    expect(quadraticWeightedKappa([0, 0, 1, 1], [0, 1, 1, 1], 2)).toBeCloseTo(0.5, 12);
  });
  it('a class that is never predicted has F1 = 0, not NaN', () => {
    expect(perClassF1([0, 1, 2], [0, 1, 1], 3)).toEqual([1, 2 / 3, 0]);
  });
});

describe('degenerate input', () => {
  it('kappa with zero expected disagreement returns the documented 0 by default', () => {
    expect(quadraticWeightedKappa([1, 1, 1], [1, 1, 1], 3)).toBe(0);
    expect(quadraticWeightedKappa([1, 1, 1], [1, 1, 1], 3, { replaceUndefinedBy: 1 })).toBe(1);
  });
  it('throws on empty arrays, length mismatch and labels out of range', () => {
    expect(() => accuracy([], [])).toThrow(/empty/);
    expect(() => macroF1([0, 1], [0], 2)).toThrow(/differ in length/);
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow(/yTrue\[1\] = 3/);
    expect(() => quadraticWeightedKappa([0, 1], [0, -1], 3)).toThrow(/yPred\[1\] = -1/);
    expect(() => balancedAccuracy([0, 1], [0, 1.5], 3)).toThrow(/yPred\[1\]/);
    expect(() => confusionMatrix([0], [0], 0)).toThrow(/numClasses/);
  });
});
