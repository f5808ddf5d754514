// Paired tests of one model against a baseline of the same job on the same pooled out-of-fold samples: on pooled
// correctness, McNemar's exact test when every patient contributes one sample, and the clustered McNemar test of
// Yang et al. 2010 when some patient contributes several (both knees, repeat radiographs: their outcomes are
// correlated and the plain test would overstate the evidence), each with a patient-cluster paired-bootstrap CI of
// Δ accuracy; or, for binary tasks whose primary metric is AUROC, DeLong's test of two correlated AUROCs (DeLong et
// al. 1988), with Obuchowski's (1997) clustered variance when some patient contributes several samples. Any other
// primary metric (quadratic κ, macro-F1, balanced accuracy, multi-class AUROC) is compared on itself by a paired
// bootstrap resampling patients, the test `bench compare` and `bench gate` use for those metrics.
import type { ModelKind, PairedComparison } from '../../dsl/results.ts';
import type { Rng } from '../rng.ts';
import { pairedBootstrapDifference } from '../stats/bootstrap.ts';
import { accuracyPairTest, aurocPairTest } from '../stats/clustered-choice.ts';
import { pooledMetricStatistic, type PooledOutputs } from './label-efficiency.ts';

export interface ComparisonPair {
  model: ModelKind;
  baseline: ModelKind;
}

/**
 * Each model against its natural baselines, in report order: the probe against the probe on random-init features
 * and against the supervised ViT; k-NN against k-NN on random-init features; fine-tuning against the supervised ViT
 * (same architecture and labels, only the initialisation differs) and against the linear probe of the same
 * backbone (what training end to end adds to the frozen features). A pair runs when both models were evaluated.
 */
export const COMPARISON_PAIRS: readonly ComparisonPair[] = [
  { model: 'pretrained', baseline: 'random-init' },
  { model: 'pretrained', baseline: 'supervised' },
  { model: 'pretrained:knn', baseline: 'random-init:knn' },
  { model: 'pretrained:fine-tune', baseline: 'supervised' },
  { model: 'pretrained:fine-tune', baseline: 'pretrained' },
];

export interface ComparisonContext {
  primaryMetric: string;
  numClasses: number;
  labels: readonly number[];
  groups: readonly string[];
  stats: { alpha: number; bootstrap: number; confidence: number };
  rng: Rng;
}

export function comparePaired(ours: PooledOutputs, theirs: PooledOutputs, pair: ComparisonPair, fraction: number, context: ComparisonContext): PairedComparison {
  if (ours.indices.join() !== theirs.indices.join()) {
    throw new Error(`${pair.model} and ${pair.baseline} at fraction ${fraction} were not evaluated on the same samples`);
  }
  const yTrue = ours.indices.map((i) => context.labels[i]);
  if (context.primaryMetric === 'accuracy') return compareAccuracy(ours, theirs, yTrue, pair, fraction, context);
  if (context.primaryMetric === 'auroc' && context.numClasses === 2) return compareAuroc(ours, theirs, yTrue, pair, fraction, context);
  return compareByBootstrap(ours, theirs, yTrue, pair, fraction, context);
}

/** The bootstrap stream of one comparison; the probe's keep their historical labels so old results reproduce. */
function streamLabel(pair: ComparisonPair, fraction: number): string {
  return pair.model === 'pretrained' ? `paired:${pair.baseline}:${fraction}` : `paired:${pair.model}:${pair.baseline}:${fraction}`;
}

function compareAccuracy(
  ours: PooledOutputs, theirs: PooledOutputs, yTrue: readonly number[], pair: ComparisonPair, fraction: number, context: ComparisonContext,
): PairedComparison {
  const { stats } = context;
  const correctA = ours.predicted.map((p, i) => p === yTrue[i]);
  const correctB = theirs.predicted.map((p, i) => p === yTrue[i]);
  const groups = ours.indices.map((i) => context.groups[i]);
  const test = accuracyPairTest(correctA, correctB, groups);
  const { exact, clustered } = test;
  const rate = (correct: boolean[]) => (idx: number[]) => idx.reduce((s, i) => s + (correct[i] ? 1 : 0), 0) / idx.length;
  const diff = pairedBootstrapDifference(rate(correctA), rate(correctB), yTrue.length, {
    resamples: stats.bootstrap,
    confidence: stats.confidence,
    groups,
    rng: context.rng.fork(streamLabel(pair, fraction)),
  });
  return {
    fraction,
    ...pair,
    metric: 'accuracy',
    test: test.test,
    statistic: test.statistic,
    pValue: test.pValue,
    alpha: stats.alpha,
    significant: test.pValue < stats.alpha,
    effect: {
      name: 'difference in accuracy',
      value: exact.difference,
      ci: { lower: diff.lower, upper: diff.upper, confidence: stats.confidence, method: 'paired percentile bootstrap over patients' },
    },
    details: {
      b: exact.b,
      c: exact.c,
      n: exact.n,
      clusterBootstrapP: diff.pValue,
      ...(clustered
        ? { patients: clustered.clusters, discordantPatients: clustered.discordantClusters, unclusteredExactP: exact.pValue, signFlipExactP: test.signFlipP ?? Number.NaN }
        : {}),
    },
  };
}

/**
 * DeLong on the pooled out-of-fold scores (the pooled folds share one ranking scale only approximately: each
 * fold's model is fitted on its own training part, the usual caveat of pooled cross-validated AUROC).
 */
function compareAuroc(
  ours: PooledOutputs, theirs: PooledOutputs, yTrue: readonly number[], pair: ComparisonPair, fraction: number, context: ComparisonContext,
): PairedComparison {
  const { confidence, alpha } = context.stats;
  const groups = ours.indices.map((i) => context.groups[i]);
  const choice = aurocPairTest(yTrue, ours.proba.map((p) => p[1]), theirs.proba.map((p) => p[1]), groups, confidence);
  const test = choice.result;
  const clustered = choice.test === 'delong-clustered-obuchowski';
  const base = { fraction, ...pair, metric: 'auroc', test: choice.test, alpha };
  if (!test.defined) {
    return {
      ...base,
      statistic: Number.NaN,
      pValue: 1,
      significant: false,
      effect: { name: `difference in AUROC (undefined: ${test.reason})`, value: 0, ci: { lower: Number.NaN, upper: Number.NaN, confidence, method: 'DeLong' } },
      details: {},
    };
  }
  return {
    ...base,
    statistic: test.statistic,
    pValue: test.pValue,
    significant: test.pValue < alpha,
    effect: {
      name: 'difference in AUROC',
      value: test.difference,
      ci: { lower: test.differenceCi[0], upper: test.differenceCi[1], confidence, method: clustered ? 'DeLong, clustered (Obuchowski 1997)' : 'DeLong' },
    },
    details: {
      aucA: test.aucA,
      aucB: test.aucB,
      positives: test.positives,
      negatives: test.negatives,
      ...(clustered ? { patients: new Set(groups).size, ...(choice.unclusteredP === undefined ? {} : { unclusteredDelongP: choice.unclusteredP }) } : {}),
    },
  };
}

/**
 * Δ of the primary metric with a paired percentile-bootstrap CI over patients and the two-sided bootstrap p
 * (twoSidedBootstrapP). The test is undefined (p 1, NaN interval) when the metric is undefined on the pooled
 * predictions, e.g. AUROC when only one class is present.
 */
function compareByBootstrap(
  ours: PooledOutputs, theirs: PooledOutputs, yTrue: readonly number[], pair: ComparisonPair, fraction: number, context: ComparisonContext,
): PairedComparison {
  const { stats, primaryMetric: metric, numClasses } = context;
  const groups = ours.indices.map((i) => context.groups[i]);
  const statA = pooledMetricStatistic(ours, yTrue, metric, numClasses);
  const statB = pooledMetricStatistic(theirs, yTrue, metric, numClasses);
  const everything = yTrue.map((_, i) => i);
  const base = { fraction, ...pair, metric, test: 'paired-bootstrap' as const, alpha: stats.alpha };
  const valueA = statA(everything);
  const valueB = statB(everything);
  const observed = valueA - valueB;
  const method = 'paired percentile bootstrap over patients';
  if (!Number.isFinite(observed)) {
    return {
      ...base,
      statistic: Number.NaN,
      pValue: 1,
      significant: false,
      effect: { name: `difference in ${metric} (undefined on the pooled predictions)`, value: 0, ci: { lower: Number.NaN, upper: Number.NaN, confidence: stats.confidence, method } },
      details: {},
    };
  }
  const diff = pairedBootstrapDifference(statA, statB, yTrue.length, {
    resamples: stats.bootstrap,
    confidence: stats.confidence,
    groups,
    rng: context.rng.fork(streamLabel(pair, fraction)),
  });
  return {
    ...base,
    statistic: observed,
    pValue: diff.pValue,
    significant: diff.pValue < stats.alpha,
    effect: { name: `difference in ${metric}`, value: observed, ci: { lower: diff.lower, upper: diff.upper, confidence: stats.confidence, method } },
    details: { valueA, valueB, patients: new Set(groups).size, resamples: diff.resamples - diff.nonFinite },
  };
}
