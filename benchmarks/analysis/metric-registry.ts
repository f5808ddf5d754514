// Metrics by id, so tasks can name them as data. Each sees one set of samples: true labels, predicted labels and
// class probabilities. A score metric whose input cannot define it (one class present) yields NaN here, which
// the summaries count and leave out (see analyze-task.ts), never as a silent number.
import { accuracy, balancedAccuracy, macroF1, quadraticWeightedKappa } from '../metrics/classification.ts';
import { binaryAuroc, multiclassAurocOvr } from '../metrics/auroc.ts';
import type { MetricResult } from '../metrics/metric-result.ts';

export interface PredictionSet {
  yTrue: number[];
  yPred: number[];
  proba: number[][];
  numClasses: number;
}

export type SampleMetric = (set: PredictionSet) => number;

function valueOrNaN(result: MetricResult): number {
  return result.defined ? result.value : Number.NaN;
}

function auroc({ yTrue, proba, numClasses }: PredictionSet): number {
  if (numClasses === 2) return valueOrNaN(binaryAuroc(yTrue, proba.map((p) => p[1])));
  return valueOrNaN(multiclassAurocOvr(yTrue, proba, numClasses));
}

const METRICS: Record<string, SampleMetric> = {
  accuracy: ({ yTrue, yPred }) => accuracy(yTrue, yPred),
  'balanced-accuracy': ({ yTrue, yPred, numClasses }) => balancedAccuracy(yTrue, yPred, numClasses),
  'macro-f1': ({ yTrue, yPred, numClasses }) => macroF1(yTrue, yPred, numClasses),
  'quadratic-kappa': ({ yTrue, yPred, numClasses }) => quadraticWeightedKappa(yTrue, yPred, numClasses),
  auroc,
};

export function getSampleMetric(id: string): SampleMetric {
  const metric = METRICS[id];
  if (!metric) throw new Error(`unknown metric "${id}" (available: ${Object.keys(METRICS).join(', ')})`);
  return metric;
}
