// Cumulative true/false positives at every distinct score, highest first: the points of the ROC and PR curves
// (sklearn's _binary_clf_curve). A sample counts as positive at threshold t when its score is ≥ t.
import { sortedOrder } from '../stats/ranks.ts';

export interface ThresholdCounts {
  /** Distinct scores, descending. */
  thresholds: number[];
  /** truePositives[i]: positives with score ≥ thresholds[i]. */
  truePositives: number[];
  falsePositives: number[];
  positives: number;
  negatives: number;
}

export function thresholdCounts(yTrue: readonly number[], scores: readonly number[]): ThresholdCounts {
  const ascending = sortedOrder(scores);
  const thresholds: number[] = [];
  const truePositives: number[] = [];
  const falsePositives: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let position = ascending.length - 1; position >= 0; position--) {
    const i = ascending[position];
    if (yTrue[i] === 1) tp += 1;
    else fp += 1;
    // Record once per distinct score, after its whole tie group has been counted.
    if (position === 0 || scores[ascending[position - 1]] !== scores[i]) {
      thresholds.push(scores[i]);
      truePositives.push(tp);
      falsePositives.push(fp);
    }
  }
  return { thresholds, truePositives, falsePositives, positives: tp, negatives: fp };
}
