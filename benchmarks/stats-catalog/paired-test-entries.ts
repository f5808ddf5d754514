// Catalogue entries of the paired tests of two models on the same samples: McNemar on correctness (plain, or
// adjusted for several samples per patient), the paired
// t and Wilcoxon signed-rank tests on paired values, and the bootstrap non-inferiority test of a metric.
import { nonInferiorityTest } from '../label-efficiency/non-inferiority.ts';
import { Rng } from '../rng.ts';
import { clusterSignFlipTest } from '../stats/cluster-sign-flip.ts';
import { clusteredMcnemarTest, type ClusteredMcNemarMethod } from '../stats/clustered-mcnemar.ts';
import { mcnemarTest, type McNemarMethod } from '../stats/mcnemar.ts';
import { pairedTTest } from '../stats/paired-t.ts';
import { wilcoxonSignedRank, type WilcoxonMode } from '../stats/wilcoxon.ts';
import { optionalGroups } from './interval-entries.ts';
import { readModelOutputs, requirePredictions } from './model-outputs.ts';
import { checkMetricName, defaultMetric, RESAMPLABLE_METRICS, resamplableStatistic } from './scalar-metrics.ts';
import { methodOf, startResult, undefinedResult, withTestOutcome, type StatEntry } from './stat-entry.ts';
import { StatInputError, type StatTable } from './stat-table.ts';

/** Metrics where a larger value is worse; the non-inferiority margin is defined for the other direction. */
const LOWER_IS_BETTER = new Set(['brier', 'ece']);

const MCNEMAR_METHODS: Record<string, McNemarMethod> = { exact: 'mcnemar-exact', 'mid-p': 'mcnemar-midp', 'chi2-cc': 'mcnemar-chi2-cc' };

const mcnemarEntry: StatEntry = {
  name: 'mcnemar',
  title: "McNemar's test of two classifiers' accuracy on the same samples",
  family: 'test',
  input: 'labels + predictions + predictionsB (or scores/probabilities of A and B to derive them)',
  methods: Object.keys(MCNEMAR_METHODS),
  run(table, options) {
    const a = readModelOutputs(table, options, 'A');
    const b = readModelOutputs(table, options, 'B');
    const yPredA = requirePredictions(a, table.source, 'A');
    const yPredB = requirePredictions(b, table.source, 'B');
    const method = MCNEMAR_METHODS[methodOf(mcnemarEntry, options)];
    const test = mcnemarTest(
      yPredA.map((p, i) => p === a.yTrue[i]),
      yPredB.map((p, i) => p === a.yTrue[i]),
      { method, confidence: options.confidence },
    );
    const outcome = {
      statistic: { name: method === 'mcnemar-chi2-cc' ? 'chi2' : 'min(b, c)', value: test.statistic },
      pValue: test.pValue,
      effect: { name: 'accuracy A − accuracy B', value: test.difference, ci: test.differenceCi },
    };
    return withTestOutcome(startResult(mcnemarEntry, method, test.n), outcome, {
      b: test.b,
      c: test.c,
      accuracyA: test.accuracyA,
      accuracyB: test.accuracyB,
      oddsRatio: test.oddsRatio,
      effectCi: `Newcombe square-and-add, ${options.confidence}`,
    });
  },
};

const CLUSTERED_METHODS: readonly (ClusteredMcNemarMethod | 'sign-flip')[] = ['yang', 'obuchowski', 'durkalski', 'sign-flip'];

const clusteredMcnemarEntry: StatEntry = {
  name: 'mcnemar-clustered',
  title: "McNemar's test adjusted for several samples per patient (Yang 2010, Obuchowski 1998, Durkalski 2003; sign-flip: exact patient-level randomisation)",
  family: 'test',
  input: 'labels + predictions + predictionsB (or scores/probabilities of A and B) + groups (the patient of each sample)',
  methods: CLUSTERED_METHODS,
  run(table, options) {
    const a = readModelOutputs(table, options, 'A');
    const b = readModelOutputs(table, options, 'B');
    const yPredA = requirePredictions(a, table.source, 'A');
    const yPredB = requirePredictions(b, table.source, 'B');
    if (!table.has('groups')) throw new StatInputError(`${table.source}: column "groups" (the patient of each sample) is required by mcnemar-clustered; without it use mcnemar`);
    const groups = optionalGroups(table, a.yTrue.length) ?? [];
    const method = methodOf(clusteredMcnemarEntry, options) as ClusteredMcNemarMethod | 'sign-flip';
    const correctA = yPredA.map((p, i) => p === a.yTrue[i]);
    const correctB = yPredB.map((p, i) => p === a.yTrue[i]);
    if (method === 'sign-flip') {
      const flip = clusterSignFlipTest(correctA, correctB, groups);
      const outcome = { statistic: { name: 'b − c', value: flip.statistic }, pValue: flip.pValue, effect: { name: 'accuracy A − accuracy B', value: flip.statistic / groups.length } };
      return withTestOutcome(startResult(clusteredMcnemarEntry, method, groups.length), outcome, {
        patients: flip.clusters,
        informativePatients: flip.informativeClusters,
      });
    }
    const test = clusteredMcnemarTest(correctA, correctB, groups, method);
    const outcome = {
      statistic: { name: 'chi2', value: test.statistic },
      pValue: test.pValue,
      effect: { name: 'accuracy A − accuracy B', value: test.difference },
    };
    return withTestOutcome(startResult(clusteredMcnemarEntry, method, test.n), outcome, {
      b: test.b,
      c: test.c,
      patients: test.clusters,
      discordantPatients: test.discordantClusters,
    });
  },
};

/** values and valuesB, or values against 0 when valuesB is absent (a one-sample test of differences). */
function pairedValues(table: StatTable): { a: number[]; b: number[]; oneSample: boolean } {
  if (!table.has('valuesB')) {
    const a = table.numbers('values');
    return { a, b: a.map(() => 0), oneSample: true };
  }
  table.rowCount(['values', 'valuesB']);
  return { a: table.numbers('values'), b: table.numbers('valuesB'), oneSample: false };
}

const pairedTEntry: StatEntry = {
  name: 'paired-t',
  title: 'Paired t-test of values − valuesB',
  family: 'test',
  input: 'values + valuesB (paired; without valuesB, values are tested against 0)',
  run(table, options) {
    const { a, b, oneSample } = pairedValues(table);
    const test = pairedTTest(a, b, { alternative: options.alternative, confidence: options.confidence });
    const result = startResult(pairedTEntry, `scipy ttest_rel, ${options.alternative}${oneSample ? ' (values against 0)' : ''}`, a.length);
    if (!test.defined) return undefinedResult(result, 't', test);
    const outcome = {
      statistic: { name: 't', value: test.statistic },
      pValue: test.pValue,
      ci: { lower: test.ci[0], upper: test.ci[1], confidence: test.confidence, method: 't interval of the mean difference' },
      effect: { name: "Cohen's d_z", value: test.cohenDz },
    };
    return withTestOutcome(result, outcome, { meanDifference: test.meanDifference, sdDifference: test.sdDifference, degreesOfFreedom: test.degreesOfFreedom });
  },
};

const wilcoxonEntry: StatEntry = {
  name: 'wilcoxon',
  title: 'Wilcoxon signed-rank test of values − valuesB (zero differences dropped)',
  family: 'test',
  input: 'values + valuesB (paired; without valuesB, values are tested against 0)',
  methods: ['auto', 'exact', 'approx'],
  run(table, options) {
    const { a, b, oneSample } = pairedValues(table);
    const mode = methodOf(wilcoxonEntry, options) as WilcoxonMode;
    const test = wilcoxonSignedRank(a, b, { alternative: options.alternative, mode });
    const result = startResult(wilcoxonEntry, `scipy wilcoxon, ${options.alternative}${oneSample ? ' (values against 0)' : ''}`, a.length);
    if (!test.defined) return undefinedResult(result, 'statistic', test);
    result.method = `${test.method}, ${options.alternative}${oneSample ? ' (values against 0)' : ''}`;
    const outcome = {
      statistic: { name: options.alternative === 'two-sided' ? 'min(R+, R−)' : 'R+', value: test.statistic },
      pValue: test.pValue,
      effect: { name: 'matched-pairs rank-biserial r', value: test.rankBiserial },
    };
    withTestOutcome(result, outcome, { z: test.z, rankSumPositive: test.rankSumPositive, rankSumNegative: test.rankSumNegative, zeros: test.zeros });
    if (test.fallbackReason) result.notes.push(test.fallbackReason);
    return result;
  },
};

const nonInferiorityEntry: StatEntry = {
  name: 'non-inferiority',
  title: 'Non-inferiority of model A to model B: is metric(A) − metric(B) > −margin? (paired bootstrap)',
  family: 'test',
  input: `model A and B columns of --metric (${RESAMPLABLE_METRICS.filter((m) => !LOWER_IS_BETTER.has(m)).join(', ')}): e.g. labels + scores + scoresB, labels + predictions + predictionsB, values + valuesB [+ groups]`,
  run(table, options) {
    const metric = checkMetricName(options.metric ?? defaultMetric(table));
    if (LOWER_IS_BETTER.has(metric)) {
      throw new StatInputError(`non-inferiority reads Δ = A − B as "higher is better"; ${metric} is lower-is-better (use bootstrap-ci on each model instead)`);
    }
    const a = resamplableStatistic(table, metric, options, 'A');
    const b = resamplableStatistic(table, metric, options, 'B');
    if (a.n !== b.n) throw new StatInputError(`${table.source}: model A has ${a.n} samples but model B has ${b.n}`);
    const groups = optionalGroups(table, a.n);
    const test = nonInferiorityTest(a.statistic, b.statistic, a.n, {
      margin: options.margin,
      alpha: options.alpha,
      rng: new Rng(options.seed),
      resamples: options.resamples,
      groups,
    });
    const result = startResult(nonInferiorityEntry, `one-sided paired percentile bootstrap over ${groups ? 'patients ("groups")' : 'samples'}`, a.n);
    const outcome = {
      statistic: { name: `Δ ${metric} (A − B)`, value: test.delta },
      pValue: test.pValue,
      ci: { lower: test.lowerBound, upper: Number.POSITIVE_INFINITY, confidence: 1 - test.alpha, method: 'paired percentile bootstrap' },
      effect: { name: `${metric} A − B`, value: test.delta },
    };
    withTestOutcome(result, outcome, {
      metric,
      margin: test.margin,
      alpha: test.alpha,
      nonInferior: test.nonInferior,
      resamples: test.resamples,
      nonFiniteResamples: test.nonFinite,
      seed: options.seed,
    });
    const bound = test.lowerBound.toFixed(4);
    result.notes.push(
      test.nonInferior
        ? `A is non-inferior to B: the lower bound ${bound} is above −${test.margin}`
        : `non-inferiority not shown: the lower bound ${bound} is not above −${test.margin}`,
    );
    return result;
  },
};

export const PAIRED_TEST_ENTRIES: StatEntry[] = [mcnemarEntry, clusteredMcnemarEntry, pairedTEntry, wilcoxonEntry, nonInferiorityEntry];
