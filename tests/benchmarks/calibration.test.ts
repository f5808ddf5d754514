// Expected calibration error against a numpy restatement of Guo et al.'s (2017) reference loop: top-label
// confidence, 15 equal-width bins (lo, hi] from linspace(0, 1, 16). |Δ| ≤ 1e-9.
import { describe, expect, it } from 'vitest';
import { binaryExpectedCalibrationError, expectedCalibrationError } from '../../benchmarks/metrics/calibration.ts';
import { CLOSED_FORM, expectClose, inferenceReference } from './inference-reference.ts';

describe('ECE vs the Guo et al. reference loop', () => {
  it.each(inferenceReference.binaryScores)('binary: $name', (c) => {
    const result = binaryExpectedCalibrationError(c.yTrue, c.prob);
    if (!result.defined) throw new Error(result.detail);
    expectClose(result.value, c.ece, CLOSED_FORM, 'ECE');
  });

  it.each(inferenceReference.multiclassScores)('top-label, 15 and 10 bins: $name', (c) => {
    const fifteen = expectedCalibrationError(c.yTrue, c.proba, c.k);
    const ten = expectedCalibrationError(c.yTrue, c.proba, c.k, { bins: 10 });
    if (!fifteen.defined || !ten.defined) throw new Error('ECE undefined');
    expectClose(fifteen.value, c.ece, CLOSED_FORM, 'ECE 15');
    expectClose(ten.value, c.eceBins10, CLOSED_FORM, 'ECE 10');
    expect(fifteen.bins).toHaveLength(15);
    expect(fifteen.bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(c.yTrue.length);
  });
});

describe('ECE edge cases', () => {
  it('a confidence exactly on an edge falls in the lower bin (bins are (lo, hi])', () => {
    const result = expectedCalibrationError([0, 1], [[0.6, 0.4], [0.2, 0.8]], 2, { bins: 5 });
    if (!result.defined) throw new Error(result.detail);
    expect(result.bins.map((bin) => bin.count)).toEqual([0, 0, 1, 1, 0]);
    // Bin (0.4, 0.6]: predicted 0 with confidence 0.6, correct → |1 − 0.6|; bin (0.6, 0.8]: correct, |1 − 0.8|.
    expectClose(result.value, 0.5 * 0.4 + 0.5 * 0.2, 1e-15);
    expect(result.bins[0]).toMatchObject({ count: 0, accuracy: null, meanConfidence: null });
  });

  it('perfectly calibrated certain predictions have ECE 0; empty input is Degenerate', () => {
    expect(expectedCalibrationError([0, 1], [[1, 0], [0, 1]], 2)).toMatchObject({ defined: true, value: 0 });
    expect(expectedCalibrationError([], [], 3)).toMatchObject({ defined: false, reason: 'empty' });
    expect(() => expectedCalibrationError([0], [[1, 0]], 2, { bins: 0 })).toThrow(/bins/);
  });

  it('p = ½ predicts class 0 in the binary form (argmax takes the first maximum)', () => {
    const result = binaryExpectedCalibrationError([0, 1], [0.5, 0.5], { bins: 2 });
    if (!result.defined) throw new Error(result.detail);
    expect(result.bins[0]).toMatchObject({ count: 2, accuracy: 0.5, meanConfidence: 0.5 });
    expect(result.value).toBe(0);
  });
});
