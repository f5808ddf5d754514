// Average precision as sklearn.metrics.average_precision_score: AP = Σₙ (Rₙ − Rₙ₋₁) Pₙ over distinct thresholds,
// the step-wise area under the precision–recall curve, without the trapezoidal interpolation that overstates it.
import { checkBinaryLabels, checkScores } from './check-scores.ts';
import { metricValue, requireBothClasses, type MetricResult } from './metric-result.ts';
import { oneVsRestMacro, type OneVsRestResult } from './one-vs-rest.ts';
import { thresholdCounts } from './threshold-counts.ts';
import type { Degenerate } from '../stats/degenerate.ts';

/**
 * Binary AP. With every sample positive, sklearn returns 1 whatever the scores; with none, it warns and
 * returns a meaningless value. Both are reported here as Degenerate ('single-class').
 */
export function averagePrecision(yTrue: readonly number[], scores: readonly number[]): MetricResult {
  checkBinaryLabels(yTrue);
  checkScores(scores, yTrue.length);
  const missingClass = requireBothClasses(yTrue);
  if (missingClass) return missingClass;
  const { thresholds, truePositives, falsePositives, positives } = thresholdCounts(yTrue, scores);
  let value = 0;
  let previousRecall = 0;
  for (let i = 0; i < thresholds.length; i++) {
    const recall = truePositives[i] / positives;
    const precision = truePositives[i] / (truePositives[i] + falsePositives[i]);
    value += (recall - previousRecall) * precision;
    previousRecall = recall;
  }
  return metricValue(value, thresholds.length === 1 ? ['all-scores-tied'] : []);
}

/** Macro mean of one-vs-rest APs (sklearn average_precision_score on the label-binarised yTrue, average='macro'). */
export function multiclassAveragePrecision(
  yTrue: readonly number[],
  scores: ReadonlyArray<readonly number[]>,
  numClasses: number,
): OneVsRestResult | Degenerate {
  return oneVsRestMacro(yTrue, scores, numClasses, averagePrecision);
}
