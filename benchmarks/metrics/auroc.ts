// Area under the ROC curve as the Mann–Whitney probability P(s⁺ > s⁻) + ½P(s⁺ = s⁻), from mid-ranks (equal to
// sklearn.metrics.roc_auc_score's trapezoidal area); multiclass as sklearn's one-vs-rest macro average.
import { checkBinaryLabels, checkScores } from './check-scores.ts';
import { metricValue, requireBothClasses, type MetricResult } from './metric-result.ts';
import { oneVsRestMacro, type OneVsRestResult } from './one-vs-rest.ts';
import type { Degenerate } from '../stats/degenerate.ts';
import { midranks } from '../stats/ranks.ts';

/** Binary AUROC; yTrue in {0, 1}, a higher score means more likely positive. */
export function binaryAuroc(yTrue: readonly number[], scores: readonly number[]): MetricResult {
  checkBinaryLabels(yTrue);
  checkScores(scores, yTrue.length);
  const missingClass = requireBothClasses(yTrue);
  if (missingClass) return missingClass;
  const { ranks, tieSizes } = midranks(scores);
  let positives = 0;
  let positiveRankSum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    if (yTrue[i] === 1) {
      positives += 1;
      positiveRankSum += ranks[i];
    }
  }
  const negatives = yTrue.length - positives;
  const value = (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
  const allTied = tieSizes.length === 1 && tieSizes[0] === yTrue.length;
  return metricValue(value, allTied ? ['all-scores-tied'] : []);
}

/** Macro mean of one-vs-rest AUROCs; scores[i][c] is sample i's score for class c (e.g. its probability). */
export function multiclassAurocOvr(
  yTrue: readonly number[],
  scores: ReadonlyArray<readonly number[]>,
  numClasses: number,
): OneVsRestResult | Degenerate {
  return oneVsRestMacro(yTrue, scores, numClasses, binaryAuroc);
}
