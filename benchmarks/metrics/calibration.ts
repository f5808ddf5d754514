// Expected calibration error, top-label, with equal-width bins (Guo et al. 2017, "On Calibration of Modern
// Neural Networks", and their reference code): confidence = max_c p_c, prediction = its argmax (first on ties),
// bin b holds confidences in (b/B, (b+1)/B], ECE = Σ_b (n_b / n) |accuracy_b − mean confidence_b|. B = 15.
import { checkLabelRange, checkNumClasses } from './check-labels.ts';
import { checkBinaryLabels, checkProbabilities, checkProbabilityMatrix } from './check-scores.ts';
import { metricValue, type MetricValue } from './metric-result.ts';
import { degenerate, type Degenerate } from '../stats/degenerate.ts';

export interface CalibrationOptions {
  /** Number of equal-width confidence bins (default 15, as Guo et al.). */
  bins?: number;
}

export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  /** Fraction of correct top-label predictions in the bin; null for an empty bin. */
  accuracy: number | null;
  meanConfidence: number | null;
}

export interface CalibrationResult extends MetricValue {
  /** The reliability diagram behind the value, one entry per bin. */
  bins: ReliabilityBin[];
}

/** Top-label ECE of k-class probabilities. */
export function expectedCalibrationError(
  yTrue: readonly number[],
  proba: ReadonlyArray<readonly number[]>,
  numClasses: number,
  options: CalibrationOptions = {},
): CalibrationResult | Degenerate {
  checkNumClasses(numClasses);
  checkLabelRange(yTrue, numClasses, 'yTrue');
  checkProbabilityMatrix(proba, yTrue.length, numClasses);
  const binCount = checkBinCount(options.bins ?? 15);
  if (yTrue.length === 0) return degenerate('empty', 'no samples');
  const edges = binEdges(binCount);
  const counts = new Array<number>(binCount).fill(0);
  const correct = new Array<number>(binCount).fill(0);
  const confidenceSums = new Array<number>(binCount).fill(0);
  proba.forEach((row, i) => {
    let predicted = 0;
    for (let c = 1; c < numClasses; c++) if (row[c] > row[predicted]) predicted = c;
    const confidence = row[predicted];
    const b = binOf(confidence, edges);
    counts[b] += 1;
    confidenceSums[b] += confidence;
    if (predicted === yTrue[i]) correct[b] += 1;
  });
  let ece = 0;
  const bins = counts.map((count, b): ReliabilityBin => {
    const lower = edges[b];
    const upper = edges[b + 1];
    if (count === 0) return { lower, upper, count, accuracy: null, meanConfidence: null };
    const accuracy = correct[b] / count;
    const meanConfidence = confidenceSums[b] / count;
    ece += (count / yTrue.length) * Math.abs(accuracy - meanConfidence);
    return { lower, upper, count, accuracy, meanConfidence };
  });
  return { ...metricValue(ece), bins };
}

/** Binary ECE from the probability of class 1, as top-label ECE of [1 − p, p] (p = ½ predicts class 0). */
export function binaryExpectedCalibrationError(
  yTrue: readonly number[],
  probPositive: readonly number[],
  options: CalibrationOptions = {},
): CalibrationResult | Degenerate {
  checkBinaryLabels(yTrue);
  checkProbabilities(probPositive, yTrue.length, 'probPositive');
  return expectedCalibrationError(
    yTrue,
    probPositive.map((p) => [1 - p, p]),
    2,
    options,
  );
}

/** Edges as numpy.linspace(0, 1, B + 1): i·(1/B), last edge exactly 1. */
function binEdges(binCount: number): number[] {
  const step = 1 / binCount;
  return Array.from({ length: binCount + 1 }, (_, i) => (i === binCount ? 1 : i * step));
}

/** Index b with edges[b] < confidence ≤ edges[b + 1]; confidence 0 (impossible for a top label) goes to bin 0. */
function binOf(confidence: number, edges: readonly number[]): number {
  const binCount = edges.length - 1;
  let b = Math.min(binCount - 1, Math.max(0, Math.ceil(confidence * binCount) - 1));
  while (b > 0 && confidence <= edges[b]) b -= 1;
  while (b < binCount - 1 && confidence > edges[b + 1]) b += 1;
  return b;
}

function checkBinCount(bins: number): number {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a positive integer (got ${bins})`);
  return bins;
}
