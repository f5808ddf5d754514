// The scalar metrics `bench stats` can bootstrap or compare, each as a function of one model's outputs, plus
// the mean and (population) sd of a plain "values" column. Each reads the same functions the harness reports with.
import { accuracy, balancedAccuracy, macroF1, quadraticWeightedKappa } from '../metrics/classification.ts';
import { binaryAuroc, multiclassAurocOvr } from '../metrics/auroc.ts';
import { averagePrecision, multiclassAveragePrecision } from '../metrics/average-precision.ts';
import { binaryBrierScore, multiclassBrierScore } from '../metrics/brier.ts';
import { binaryExpectedCalibrationError, expectedCalibrationError } from '../metrics/calibration.ts';
import { metricValue, type MetricResult } from '../metrics/metric-result.ts';
import { makeAurocIndexStatistic, makeOvrAurocIndexStatistic } from '../metrics/resampled-auroc.ts';
import type { IndexStatistic } from '../stats/bootstrap.ts';
import { closestMatch, didYouMeanSuffix } from '../../dsl/did-you-mean.ts';
import { readModelOutputs, requirePredictions, subsetOutputs, type ModelOutputs, type ModelSide } from './model-outputs.ts';
import type { StatOptions } from './stat-entry.ts';
import { StatInputError, type StatTable } from './stat-table.ts';

type OutputsMetric = (outputs: ModelOutputs, source: string) => MetricResult;

function requireScores(outputs: ModelOutputs, source: string): { binary: number[] } | { proba: number[][] } {
  if (outputs.numClasses === 2 && outputs.scores) return { binary: outputs.scores };
  if (outputs.proba) return { proba: outputs.proba };
  throw new StatInputError(`${source}: needs "scores" (binary) or "probabilities" (one vector per sample)`);
}

type BinaryScoreMetric = (yTrue: readonly number[], scores: readonly number[]) => MetricResult;
type MulticlassScoreMetric = (yTrue: readonly number[], proba: ReadonlyArray<readonly number[]>, numClasses: number) => MetricResult;

/** A metric of scores: the binary form on class-1 scores, else the multiclass form on probability vectors. */
function scoredMetric(binary: BinaryScoreMetric, multiclass: MulticlassScoreMetric): OutputsMetric {
  return (o, source) => {
    const input = requireScores(o, source);
    return 'binary' in input ? binary(o.yTrue, input.binary) : multiclass(o.yTrue, input.proba, o.numClasses);
  };
}

const OUTPUT_METRICS: Record<string, OutputsMetric> = {
  accuracy: (o, source) => metricValue(accuracy(o.yTrue, requirePredictions(o, source))),
  'balanced-accuracy': (o, source) => metricValue(balancedAccuracy(o.yTrue, requirePredictions(o, source), o.numClasses)),
  'macro-f1': (o, source) => metricValue(macroF1(o.yTrue, requirePredictions(o, source), o.numClasses)),
  'quadratic-kappa': (o, source) => metricValue(quadraticWeightedKappa(o.yTrue, requirePredictions(o, source), o.numClasses)),
  auroc: scoredMetric(binaryAuroc, multiclassAurocOvr),
  auprc: scoredMetric(averagePrecision, multiclassAveragePrecision),
  brier: scoredMetric(binaryBrierScore, multiclassBrierScore),
  ece: scoredMetric(binaryExpectedCalibrationError, expectedCalibrationError),
};

export function outputsMetric(name: string): OutputsMetric {
  const metric = OUTPUT_METRICS[name];
  if (!metric) throw new StatInputError(`unknown metric "${name}"`);
  return metric;
}

const VALUE_STATISTICS: Record<string, (values: readonly number[], idx: readonly number[]) => number> = {
  mean: (values, idx) => idx.reduce((sum, i) => sum + values[i], 0) / idx.length,
  std: (values, idx) => {
    const centre = idx.reduce((sum, i) => sum + values[i], 0) / idx.length;
    return Math.sqrt(idx.reduce((sum, i) => sum + (values[i] - centre) ** 2, 0) / idx.length);
  },
};

/** Every name --metric accepts. */
export const RESAMPLABLE_METRICS = [...Object.keys(OUTPUT_METRICS), ...Object.keys(VALUE_STATISTICS)];

export function checkMetricName(name: string): string {
  if (RESAMPLABLE_METRICS.includes(name)) return name;
  throw new StatInputError(`unknown --metric "${name}"${didYouMeanSuffix(closestMatch(name, RESAMPLABLE_METRICS))} (available: ${RESAMPLABLE_METRICS.join(', ')})`);
}

export interface ResamplableStatistic {
  n: number;
  statistic: IndexStatistic;
}

/**
 * The metric of one model as a function of resampled sample indices (NaN where a resample cannot define it,
 * which the bootstrap leaves out). "mean"/"std" read column "values" (model B: "valuesB").
 */
export function resamplableStatistic(table: StatTable, metric: string, options: StatOptions, side: ModelSide = 'A'): ResamplableStatistic {
  const valueStatistic = VALUE_STATISTICS[metric];
  if (valueStatistic) {
    const column = side === 'A' ? 'values' : 'valuesB';
    const values = table.numbers(column);
    return { n: values.length, statistic: (idx) => valueStatistic(values, idx) };
  }
  const outputs = readModelOutputs(table, options, side);
  const n = outputs.yTrue.length;
  // The O(n) AUROC sweep avoids re-sorting every resample; the other metrics are linear already.
  if (metric === 'auroc' && outputs.numClasses === 2 && outputs.scores) return { n, statistic: makeAurocIndexStatistic(outputs.yTrue, outputs.scores) };
  if (metric === 'auroc' && outputs.proba) return { n, statistic: makeOvrAurocIndexStatistic(outputs.yTrue, outputs.proba, outputs.numClasses) };
  const compute = outputsMetric(metric);
  compute(outputs, table.source); // fail on missing columns once, up front, rather than inside the bootstrap
  return {
    n,
    statistic: (idx) => {
      const result = compute(subsetOutputs(outputs, idx), table.source);
      return result.defined ? result.value : Number.NaN;
    },
  };
}

/** Which metric compares best by default: the threshold-free AUROC when scores exist, else accuracy, else the mean. */
export function defaultMetric(table: StatTable): string {
  if (table.has('scores') || table.has('probabilities')) return 'auroc';
  if (table.has('predictions')) return 'accuracy';
  return 'mean';
}
