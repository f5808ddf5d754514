// Warns when a model's pooled out-of-fold predictions are (nearly) all one class: a classifier that has not learnt
// the task — typically an under-trained baseline — against which accuracy, F1 or κ comparisons say little. Only for
// tasks whose primary metric is computed from predicted labels: AUROC ranks probabilities, where a constant argmax is
// no sign of failure.
import type { TaskResult } from '../dsl/results.ts';
import { formatFraction } from './format.ts';

/** Share of the pooled predictions in one class at and above which a model is flagged. */
export const ONE_CLASS_SHARE = 0.95;

export function degenerateModelNotes(task: Pick<TaskResult, 'primaryMetric' | 'labels' | 'scores'>): string[] {
  if (task.primaryMetric === 'auroc') return [];
  return task.scores.flatMap(({ model, fraction, dominantPrediction }) => {
    if (dominantPrediction === undefined || dominantPrediction.share < ONE_CLASS_SHARE) return [];
    const label = task.labels[dominantPrediction.label] ?? String(dominantPrediction.label);
    const share = Math.round(100 * dominantPrediction.share);
    return [
      `${model} at ${formatFraction(fraction)} labels predicts ${label} for ${share} % of the samples: it has not learnt the task (a one-class classifier), so comparisons against it say little.`,
    ];
  });
}
