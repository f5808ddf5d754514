// Catalogue entries that put an interval on a metric: the bootstrap (percentile or BCa, optionally resampling
// whole patients) for any resamplable metric, and DeLong's interval or paired test for AUROC.
import { Rng } from '../rng.ts';
import { bcaBootstrapCi } from '../stats/bca.ts';
import { bootstrapCi } from '../stats/bootstrap.ts';
import { aurocPairTest } from '../stats/clustered-choice.ts';
import { delongAurocCi } from '../stats/delong-auroc.ts';
import { readModelOutputs, type ModelOutputs } from './model-outputs.ts';
import { checkMetricName, defaultMetric, RESAMPLABLE_METRICS, resamplableStatistic } from './scalar-metrics.ts';
import { methodOf, startResult, undefinedResult, withTestOutcome, type StatEntry, type StatOptions } from './stat-entry.ts';
import { StatInputError, type StatTable } from './stat-table.ts';

/** Patient ids from column "groups", when present, after checking it has one per sample. */
export function optionalGroups(table: StatTable, n: number): string[] | undefined {
  if (!table.has('groups')) return undefined;
  const groups = table.texts('groups');
  if (groups.length !== n) throw new StatInputError(`${table.source}: column "groups" has ${groups.length} values but there are ${n} samples`);
  return groups;
}

const bootstrapEntry: StatEntry = {
  name: 'bootstrap-ci',
  title: 'Bootstrap confidence interval of a metric (resampling patients when "groups" is given)',
  family: 'interval',
  input: `the columns of --metric (${RESAMPLABLE_METRICS.join(', ')}; mean/std read "values") [+ groups]`,
  methods: ['percentile', 'bca'],
  run(table, options) {
    const metric = checkMetricName(options.metric ?? defaultMetric(table));
    const { n, statistic } = resamplableStatistic(table, metric, options);
    const groups = optionalGroups(table, n);
    const settings = { rng: new Rng(options.seed), resamples: options.resamples, confidence: options.confidence, groups };
    const clustered = groups ? 'over patients ("groups")' : 'over samples';
    const method = methodOf(bootstrapEntry, options);
    const result = startResult(bootstrapEntry, `${method} bootstrap ${clustered}`, n);
    Object.assign(result.details, { metric, resamples: options.resamples, seed: options.seed, patients: groups ? new Set(groups).size : null });
    const estimate = statistic(Array.from({ length: n }, (_, i) => i));
    if (!Number.isFinite(estimate)) {
      return { ...result, statistic: { name: metric, value: null }, notes: [`${metric} is undefined on the whole sample (e.g. one class only), so it has no interval`] };
    }
    if (method === 'percentile') {
      const ci = bootstrapCi(statistic, n, settings);
      result.statistic = { name: metric, value: ci.estimate };
      result.ci = { lower: ci.lower, upper: ci.upper, confidence: ci.confidence, method: result.method };
      result.details.nonFiniteResamples = ci.nonFinite;
      return result;
    }
    const bca = bcaBootstrapCi(statistic, n, settings);
    if (!bca.defined) return undefinedResult(result, metric, bca);
    result.statistic = { name: metric, value: bca.estimate };
    result.ci = { lower: bca.lower, upper: bca.upper, confidence: bca.confidence, method: result.method };
    Object.assign(result.details, {
      nonFiniteResamples: bca.nonFinite,
      biasCorrection: bca.biasCorrection,
      acceleration: bca.acceleration,
      lowerLevel: bca.adjustedLevels[0],
      upperLevel: bca.adjustedLevels[1],
    });
    return result;
  },
};

function binaryScores(outputs: ModelOutputs, table: StatTable, column: string): number[] {
  if (outputs.numClasses !== 2 || !outputs.scores) throw new StatInputError(`${table.source}: DeLong needs binary labels and column "${column}"`);
  return outputs.scores;
}

const delongEntry: StatEntry = {
  name: 'delong',
  title: "DeLong's AUROC interval, or the paired test of two correlated AUROCs (when scoresB is given)",
  family: 'interval',
  input: 'labels + scores [+ scoresB for the paired test of A against B] [+ groups: clustered by patient (Obuchowski 1997)]',
  run(table, options: StatOptions) {
    const a = readModelOutputs(table, options, 'A');
    const scoresA = binaryScores(a, table, 'scores');
    const result = startResult(delongEntry, 'DeLong et al. 1988 (Sun & Xu 2014 algorithm), as pROC', scoresA.length);
    if (!table.has('scoresB') && !table.has('probabilitiesB')) {
      const ci = delongAurocCi(a.yTrue, scoresA, { confidence: options.confidence });
      if (!ci.defined) return undefinedResult(result, 'auroc', ci);
      result.statistic = { name: 'auroc', value: ci.auc };
      result.ci = { lower: ci.lower, upper: ci.upper, confidence: ci.confidence, method: 'DeLong (Wald, clipped to [0, 1])' };
      Object.assign(result.details, { standardError: ci.standardError, clipped: ci.clipped, positives: ci.positives, negatives: ci.negatives });
      return result;
    }
    const scoresB = binaryScores(readModelOutputs(table, options, 'B'), table, 'scoresB');
    const choice = aurocPairTest(a.yTrue, scoresA, scoresB, optionalGroups(table, scoresA.length), options.confidence);
    const test = choice.result;
    result.method = choice.test === 'delong-clustered-obuchowski'
      ? "DeLong paired test with Obuchowski's (1997) variance for several samples per patient (groups)"
      : 'DeLong paired test of two correlated AUROCs, as pROC roc.test(paired = TRUE)';
    if (!test.defined) return undefinedResult(result, 'z', test);
    const outcome = { statistic: { name: 'z', value: test.statistic }, pValue: test.pValue, effect: { name: 'AUROC A − AUROC B', value: test.difference, ci: test.differenceCi } };
    return withTestOutcome(result, outcome, {
      aurocA: test.aucA,
      aurocB: test.aucB,
      standardError: test.standardError,
      ...('correlation' in test ? { correlation: test.correlation } : { patients: test.clusters }),
      confidence: test.confidence,
      positives: test.positives,
      negatives: test.negatives,
    });
  },
};

export const INTERVAL_ENTRIES: StatEntry[] = [bootstrapEntry, delongEntry];
