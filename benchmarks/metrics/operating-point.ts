// Sensitivity and specificity of a score thresholded at t (positive when score ≥ t, sklearn's roc_curve
// convention), and the operating point that maximises Youden's J = sensitivity + specificity − 1 (Youden 1950).
import { checkBinaryLabels, checkScores } from './check-scores.ts';
import { metricValue, requireBothClasses, type MetricCaveat, type MetricResult } from './metric-result.ts';
import { thresholdCounts } from './threshold-counts.ts';
import { degenerate, type Degenerate } from '../stats/degenerate.ts';

export interface OperatingPoint {
  threshold: number;
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
  /** Recall of the positives; Degenerate ('no-positives') when there are none. */
  sensitivity: MetricResult;
  /** Recall of the negatives; Degenerate ('no-negatives') when there are none. */
  specificity: MetricResult;
}

export function sensitivitySpecificityAt(yTrue: readonly number[], scores: readonly number[], threshold: number): OperatingPoint {
  checkBinaryLabels(yTrue);
  checkScores(scores, yTrue.length);
  if (Number.isNaN(threshold)) throw new RangeError('threshold is NaN');
  let tp = 0;
  let fp = 0;
  let positives = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const predictedPositive = scores[i] >= threshold;
    positives += yTrue[i];
    if (predictedPositive && yTrue[i] === 1) tp += 1;
    if (predictedPositive && yTrue[i] === 0) fp += 1;
  }
  return operatingPoint(threshold, tp, fp, positives, yTrue.length - positives);
}

export interface YoudenPoint {
  defined: true;
  threshold: number;
  sensitivity: number;
  specificity: number;
  youdenJ: number;
  /** 'all-scores-tied' when there is a single threshold (J = 0 by construction). */
  caveats: MetricCaveat[];
}

/**
 * The threshold among the distinct scores with the largest J; ties go to the highest such threshold (the first
 * in sklearn roc_curve order, as np.argmax). sklearn's extra "predict nothing positive" point (J = 0) is not a
 * candidate. Degenerate without both classes.
 */
export function youdenOperatingPoint(yTrue: readonly number[], scores: readonly number[]): YoudenPoint | Degenerate {
  checkBinaryLabels(yTrue);
  checkScores(scores, yTrue.length);
  const missingClass = requireBothClasses(yTrue);
  if (missingClass) return missingClass;
  const { thresholds, truePositives, falsePositives, positives, negatives } = thresholdCounts(yTrue, scores);
  let best = 0;
  let bestJ = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < thresholds.length; i++) {
    const j = truePositives[i] / positives - falsePositives[i] / negatives;
    if (j > bestJ) {
      bestJ = j;
      best = i;
    }
  }
  return {
    defined: true,
    threshold: thresholds[best],
    sensitivity: truePositives[best] / positives,
    specificity: 1 - falsePositives[best] / negatives,
    youdenJ: bestJ,
    caveats: thresholds.length === 1 ? ['all-scores-tied'] : [],
  };
}

function operatingPoint(threshold: number, tp: number, fp: number, positives: number, negatives: number): OperatingPoint {
  if (positives + negatives === 0) {
    const empty = degenerate('empty', 'no samples');
    return { threshold, truePositives: 0, falsePositives: 0, trueNegatives: 0, falseNegatives: 0, sensitivity: empty, specificity: empty };
  }
  return {
    threshold,
    truePositives: tp,
    falsePositives: fp,
    trueNegatives: negatives - fp,
    falseNegatives: positives - tp,
    sensitivity: positives === 0 ? degenerate('no-positives', 'no positive samples: sensitivity is 0/0') : metricValue(tp / positives),
    specificity:
      negatives === 0 ? degenerate('no-negatives', 'no negative samples: specificity is 0/0') : metricValue((negatives - fp) / negatives),
  };
}
