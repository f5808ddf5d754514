// The measured side of a selection — the cross-validated linear probe pooled out of fold, per exam for exam-level
// tasks — on constructed data whose out-of-fold accuracy is known by construction; and the estimator scoring that
// turns a degenerate input into a recorded failure instead of an abort.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { measureLinearProbe } from '../../benchmarks/selection/measure-probe.ts';
import { scoreWithEstimators } from '../../benchmarks/selection/score-estimators.ts';
import { patientGroupedStratifiedKFold } from '../../benchmarks/splits/grouped-kfold.ts';
import { ESTIMATOR_IDS } from '../../benchmarks/transferability/index.ts';

const PROBE = { l2Grid: [], l2: 1e-3, validationFraction: 0.2, maxIter: 200 };

/** A point of a 2-D cluster at x = ±5, jittered by less than 0.5, far from the boundary at x = 0. */
function clusterPoint(side: 1 | -1, rng: Rng): number[] {
  return [side * 5 + (rng.next() - 0.5) * 0.5, (rng.next() - 0.5) * 0.5];
}

describe('measureLinearProbe', () => {
  it('pools out-of-fold predictions: two mislabelled images out of 24 cost exactly 2/24 accuracy', () => {
    const rng = new Rng(3);
    const labels = Array.from({ length: 24 }, (_, i) => i % 2);
    const groups = labels.map((_, i) => `p${i}`);
    // Images 4 and 9 sit in the other class's cluster: whichever fold tests them, the probe (fitted on 20+ clean
    // points) predicts the cluster's class, and every other image is predicted right.
    const features = labels.map((label, i) => clusterPoint((i === 4 || i === 9 ? 1 - label : label) === 1 ? 1 : -1, rng));
    const folds = patientGroupedStratifiedKFold(labels, groups, 3, new Rng(1));
    const result = measureLinearProbe({ features, labels, groups, numClasses: 2, metric: 'accuracy', folds, probe: PROBE, rng: new Rng(2) });
    expect(result.pooled).toBeCloseTo(22 / 24, 12);
    expect(result.perFold).toHaveLength(3);
    expect(result.l2).toEqual([1e-3, 1e-3, 1e-3]);
    expect(result.perFold.reduce((a, b) => a + b, 0) / 3).toBeCloseTo(22 / 24, 12); // equal folds of 8
  });

  it('scores an exam-level task per exam: an odd slice is outvoted by its exam’s mean probability', () => {
    const rng = new Rng(5);
    const exams: string[] = [];
    const labels: number[] = [];
    const features: number[][] = [];
    for (let e = 0; e < 20; e++) {
      const label = e % 2;
      for (let s = 0; s < 3; s++) {
        exams.push(`exam${e}`);
        labels.push(label);
        // Exams 0 and 1 have one slice that looks like the other class.
        const looksLike = e < 2 && s === 2 ? 1 - label : label;
        features.push(clusterPoint(looksLike === 1 ? 1 : -1, rng));
      }
    }
    const groups = exams;
    const folds = patientGroupedStratifiedKFold(labels, groups, 2, new Rng(1));
    const input = { features, labels, groups, numClasses: 2, metric: 'accuracy', folds, probe: PROBE, rng: new Rng(2) };
    expect(measureLinearProbe(input).pooled).toBeCloseTo(58 / 60, 12);
    expect(measureLinearProbe({ ...input, exams, examPooling: 'mean' }).pooled).toBe(1);
  });
});

describe('scoreWithEstimators', () => {
  it('scores with every estimator asked for, in order', () => {
    const rng = new Rng(9);
    const labels = Array.from({ length: 30 }, (_, i) => i % 3);
    const features = labels.map((l) => [l + rng.next(), rng.next(), l - rng.next()]);
    const scores = scoreWithEstimators(features, labels, ['parc', 'logme'], 0);
    expect(scores.map((s) => s.estimator)).toEqual(['parc', 'logme']);
    for (const s of scores) {
      expect(Number.isFinite(s.score)).toBe(true);
      expect(s.error).toBeUndefined();
    }
  });

  it('records an estimator that rejects the input as NaN with its reason', () => {
    const features = [[0, 1], [1, 0], [2, 2]];
    const scores = scoreWithEstimators(features, [1, 1, 1], ESTIMATOR_IDS, 0);
    expect(scores).toHaveLength(ESTIMATOR_IDS.length);
    for (const s of scores) {
      expect(s.score).toBeNaN();
      expect(s.error).toMatch(/at least 2 classes/);
    }
  });
});
