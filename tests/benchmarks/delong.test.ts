// DeLong: the fast algorithm (Sun & Xu 2014) against a plain O(m·n) restatement of DeLong et al. (1988) in the
// fixture generator, |Δ| ≤ 1e-9 for AUROCs, (co)variances, z and p, including ordinal ties and m = 2, n = 3.
import { describe, expect, it } from 'vitest';
import { delongAurocCi, delongTest } from '../../benchmarks/stats/delong-auroc.ts';
import { delongCovariance } from '../../benchmarks/stats/delong.ts';
import { CLOSED_FORM, expectClose, inferenceReference } from './inference-reference.ts';

describe.each(inferenceReference.delong)('DeLong vs the 1988 definition: $name', (c) => {
  it('AUROCs and covariance matrix', () => {
    const components = delongCovariance(c.yTrue, [c.scoresA, c.scoresB]);
    if (!components.defined) throw new Error(components.detail);
    expectClose(components.aucs[0], c.sklearnAucA, CLOSED_FORM, 'AUC vs sklearn');
    expectClose(components.aucs[1], c.aucB, CLOSED_FORM, 'AUC B');
    expectClose(components.covariance[0][0], c.varA, CLOSED_FORM, 'var A');
    expectClose(components.covariance[1][1], c.varB, CLOSED_FORM, 'var B');
    expectClose(components.covariance[0][1], c.covariance, CLOSED_FORM, 'cov');
  });

  it('CI of one AUROC, clipped to [0, 1] as pROC', () => {
    const ci = delongAurocCi(c.yTrue, c.scoresA, { confidence: c.confidence });
    if (!ci.defined) throw new Error(ci.detail);
    expectClose(ci.lower, c.ciA[0], CLOSED_FORM, 'lower');
    expectClose(ci.upper, c.ciA[1], CLOSED_FORM, 'upper');
    expect(ci.clipped).toBe(c.clippedA);
  });

  it('paired test: z, p and the CI of the difference', () => {
    const test = delongTest(c.yTrue, c.scoresA, c.scoresB, { confidence: c.confidence });
    if (!test.defined) throw new Error(test.detail);
    expectClose(test.difference, c.aucA - c.aucB, CLOSED_FORM, 'difference');
    expectClose(test.statistic, c.z, CLOSED_FORM, 'z');
    expectClose(test.pValue, c.pValue, CLOSED_FORM, 'p');
    expectClose(test.differenceCi[0], c.differenceCi[0], CLOSED_FORM, 'diff lower');
    expectClose(test.differenceCi[1], c.differenceCi[1], CLOSED_FORM, 'diff upper');
  });
});

describe('DeLong edge cases', () => {
  const yTrue = [1, 0, 1, 1, 0, 0, 1, 0];
  const scores = [0.9, 0.2, 0.6, 0.4, 0.5, 0.1, 0.8, 0.3];

  it('identical models: z = 0, p = 1 (as pROC), not 0/0', () => {
    expect(delongTest(yTrue, scores, scores)).toMatchObject({ defined: true, statistic: 0, pValue: 1, difference: 0 });
  });

  it('swapping the models flips z and keeps p', () => {
    const other = [0.3, 0.4, 0.7, 0.2, 0.6, 0.5, 0.9, 0.1];
    const ab = delongTest(yTrue, scores, other);
    const ba = delongTest(yTrue, other, scores);
    if (!ab.defined || !ba.defined) throw new Error('undefined');
    expect(ba.statistic).toBeCloseTo(-ab.statistic, 14);
    expect(ba.pValue).toBeCloseTo(ab.pValue, 14);
  });

  it('perfect separation has zero variance: the CI collapses to [1, 1]', () => {
    expect(delongAurocCi([1, 1, 0, 0], [0.9, 0.8, 0.2, 0.1])).toMatchObject({ defined: true, auc: 1, variance: 0, lower: 1, upper: 1 });
  });

  it('one class, a single positive, or nothing at all: Degenerate with the reason', () => {
    expect(delongAurocCi([1, 1, 1], [0.1, 0.2, 0.3])).toMatchObject({ defined: false, reason: 'single-class' });
    expect(delongAurocCi([1, 0, 0], [0.1, 0.2, 0.3])).toMatchObject({ defined: false, reason: 'too-few-samples' });
    expect(delongTest([], [], [])).toMatchObject({ defined: false, reason: 'empty' });
    expect(() => delongTest([0, 1], [0.1, 0.2], [0.3])).toThrow(/score set 1/);
  });
});
