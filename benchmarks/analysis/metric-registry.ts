// Metrics by id, so tasks can name them as data. Each takes true and predicted labels of one set of samples.
import { accuracy, macroF1, quadraticWeightedKappa } from '../metrics/classification.ts';

export type LabelMetric = (yTrue: number[], yPred: number[], numClasses: number) => number;

const METRICS: Record<string, LabelMetric> = {
  accuracy: (yTrue, yPred) => accuracy(yTrue, yPred),
  'macro-f1': (yTrue, yPred, k) => macroF1(yTrue, yPred, k),
  'quadratic-kappa': (yTrue, yPred, k) => quadraticWeightedKappa(yTrue, yPred, k),
};

export function getLabelMetric(id: string): LabelMetric {
  const metric = METRICS[id];
  if (!metric) throw new Error(`unknown metric "${id}" (available: ${Object.keys(METRICS).join(', ')})`);
  return metric;
}
