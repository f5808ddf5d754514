// AUROC, AP, sensitivity/specificity, Youden's J and Brier against scikit-learn on seeded inputs with ties,
// tiny n and perfect separation (|Δ| ≤ 1e-9), plus the Degenerate results for empty and one-class input.
import { describe, expect, it } from 'vitest';
import { binaryAuroc, multiclassAurocOvr } from '../../benchmarks/metrics/auroc.ts';
import { averagePrecision, multiclassAveragePrecision } from '../../benchmarks/metrics/average-precision.ts';
import { binaryBrierScore, multiclassBrierScore } from '../../benchmarks/metrics/brier.ts';
import type { MetricResult } from '../../benchmarks/metrics/metric-result.ts';
import { sensitivitySpecificityAt, youdenOperatingPoint } from '../../benchmarks/metrics/operating-point.ts';
import { CLOSED_FORM, expectClose, inferenceReference } from './inference-reference.ts';

function valueOf(result: MetricResult): number {
  if (!result.defined) throw new Error(`expected a value, got Degenerate '${result.reason}': ${result.detail}`);
  return result.value;
}

describe.each(inferenceReference.binaryScores)('binary scores vs sklearn: $name', (c) => {
  it('AUROC = roc_auc_score, AP = average_precision_score, Brier = brier_score_loss', () => {
    expectClose(valueOf(binaryAuroc(c.yTrue, c.prob)), c.auroc, CLOSED_FORM, 'AUROC');
    expectClose(valueOf(averagePrecision(c.yTrue, c.prob)), c.averagePrecision, CLOSED_FORM, 'AP');
    expectClose(valueOf(binaryBrierScore(c.yTrue, c.prob)), c.brier, CLOSED_FORM, 'Brier');
  });

  it("Youden's J point is roc_curve's argmax; counts at a fixed threshold match", () => {
    const point = youdenOperatingPoint(c.yTrue, c.prob);
    if (!point.defined) throw new Error(point.detail);
    expect(point.threshold).toBe(c.youden.threshold);
    expectClose(point.sensitivity, c.youden.sensitivity, CLOSED_FORM, 'sensitivity');
    expectClose(point.specificity, c.youden.specificity, CLOSED_FORM, 'specificity');
    expectClose(point.youdenJ, c.youden.youdenJ, CLOSED_FORM, 'J');
    const at = sensitivitySpecificityAt(c.yTrue, c.prob, c.threshold);
    expect(at.truePositives).toBe(c.atThreshold.truePositives);
    expect(at.falsePositives).toBe(c.atThreshold.falsePositives);
    expectClose(valueOf(at.sensitivity), c.atThreshold.sensitivity, CLOSED_FORM, 'sensitivity@t');
    expectClose(valueOf(at.specificity), c.atThreshold.specificity, CLOSED_FORM, 'specificity@t');
  });
});

describe.each(inferenceReference.multiclassScores)('multiclass scores vs sklearn: $name', (c) => {
  it('one-vs-rest macro AUROC and AP, multiclass Brier', () => {
    const auroc = multiclassAurocOvr(c.yTrue, c.proba, c.k);
    const ap = multiclassAveragePrecision(c.yTrue, c.proba, c.k);
    expectClose(valueOf(auroc), c.aurocOvr, CLOSED_FORM, 'AUROC ovr');
    expectClose(valueOf(ap), c.averagePrecisionMacro, CLOSED_FORM, 'AP macro');
    expectClose(valueOf(multiclassBrierScore(c.yTrue, c.proba, c.k)), c.brier, CLOSED_FORM, 'Brier');
    if (!auroc.defined) return;
    expect(auroc.averagedClasses).toEqual(c.presentClasses);
    const leftOut = c.presentClasses.length < c.k;
    expect(auroc.caveats.includes('classes-left-out')).toBe(leftOut);
    auroc.perClass.forEach((result, cls) => expect(result.defined).toBe(c.presentClasses.includes(cls)));
  });
});

describe('degenerate and edge inputs', () => {
  it('one class present: AUROC, AP and Youden are Degenerate with a reason, never NaN', () => {
    for (const yTrue of [[1, 1, 1], [0, 0]]) {
      const scores = yTrue.map((_, i) => i / 10);
      for (const result of [binaryAuroc(yTrue, scores), averagePrecision(yTrue, scores), youdenOperatingPoint(yTrue, scores)]) {
        expect(result).toMatchObject({ defined: false, reason: 'single-class' });
      }
    }
    expect(multiclassAurocOvr([2, 2], [[0.1, 0.2, 0.7], [0.3, 0.3, 0.4]], 3)).toMatchObject({ defined: false, reason: 'single-class' });
  });

  it('empty input is Degenerate("empty") for every score metric', () => {
    for (const result of [binaryAuroc([], []), averagePrecision([], []), binaryBrierScore([], []), multiclassBrierScore([], [], 3)]) {
      expect(result).toMatchObject({ defined: false, reason: 'empty' });
    }
    expect(multiclassAurocOvr([], [], 3)).toMatchObject({ defined: false, reason: 'empty' });
    expect(sensitivitySpecificityAt([], [], 0.5)).toMatchObject({ sensitivity: { reason: 'empty' }, specificity: { reason: 'empty' } });
  });

  it('all scores tied: AUROC 0.5 and AP = prevalence, flagged as uninformative', () => {
    const yTrue = [0, 1, 1, 0, 1];
    const auroc = binaryAuroc(yTrue, [3, 3, 3, 3, 3]);
    expect(auroc).toEqual({ defined: true, value: 0.5, caveats: ['all-scores-tied'] });
    expect(averagePrecision(yTrue, [3, 3, 3, 3, 3])).toEqual({ defined: true, value: 0.6, caveats: ['all-scores-tied'] });
    expect(youdenOperatingPoint(yTrue, [3, 3, 3, 3, 3])).toMatchObject({ threshold: 3, youdenJ: 0, caveats: ['all-scores-tied'] });
  });

  it('sensitivity without positives and specificity without negatives are Degenerate; the other side is defined', () => {
    const noPositives = sensitivitySpecificityAt([0, 0, 0], [0.1, 0.6, 0.9], 0.5);
    expect(noPositives.sensitivity).toMatchObject({ defined: false, reason: 'no-positives' });
    expect(noPositives.specificity).toMatchObject({ defined: true, value: 1 / 3 });
    const noNegatives = sensitivitySpecificityAt([1, 1], [0.1, 0.6], 0.5);
    expect(noNegatives.specificity).toMatchObject({ defined: false, reason: 'no-negatives' });
    expect(noNegatives.sensitivity).toMatchObject({ defined: true, value: 0.5 });
  });

  it('hand example: AUROC counts half for ties (P(s⁺ > s⁻) + ½P(=))', () => {
    // Pairs (pos, neg): (0.8, 0.3) win, (0.8, 0.5) win, (0.5, 0.3) win, (0.5, 0.5) tie → 3.5 / 4.
    expect(valueOf(binaryAuroc([1, 0, 1, 0], [0.8, 0.3, 0.5, 0.5]))).toBe(0.875);
  });

  it('multiclass Brier with k = 2 is twice the binary Brier score', () => {
    const yTrue = [0, 1, 1, 0, 1];
    const p = [0.2, 0.9, 0.4, 0.1, 0.7];
    const twice = 2 * valueOf(binaryBrierScore(yTrue, p));
    expectClose(valueOf(multiclassBrierScore(yTrue, p.map((q) => [1 - q, q]), 2)), twice, 1e-15);
  });

  it('rejects malformed input', () => {
    expect(() => binaryAuroc([0, 2], [0.1, 0.2])).toThrow(/binary label/);
    expect(() => binaryAuroc([0, 1], [0.1])).toThrow(/entries/);
    expect(() => binaryAuroc([0, 1], [0.1, Number.NaN])).toThrow(/finite/);
    expect(() => binaryBrierScore([0, 1], [0.1, 1.2])).toThrow(/probability/);
    expect(() => multiclassBrierScore([0, 1], [[0.5, 0.4], [0.5, 0.5]], 2)).toThrow(/sums to/);
    expect(() => multiclassAurocOvr([0, 3], [[0.5, 0.5], [0.5, 0.5]], 2)).toThrow(/class index/);
  });
});
