// Which paired test two models get on the same samples: the plain test when every patient contributes one sample,
// its clustered version when some patient contributes several (both knees, repeat radiographs), whose outcomes are
// correlated. One place for the choice, shared by a job's comparisons, `bench compare`/`bench gate` and `bench stats`.
import { clusteredDelongTest, type ClusteredDelongResult } from './clustered-delong.ts';
import { clusterSignFlipTest } from './cluster-sign-flip.ts';
import { clusteredMcnemarTest, type ClusteredMcNemarResult } from './clustered-mcnemar.ts';
import type { Degenerate } from './degenerate.ts';
import { delongTest, type DelongTestResult } from './delong-auroc.ts';
import { mcnemarTest, type McNemarResult } from './mcnemar.ts';

/** True when some cluster holds more than one sample (then the plain tests' independence fails). */
export function hasRepeatedClusters(groups: readonly string[] | undefined): groups is readonly string[] {
  return groups !== undefined && new Set(groups).size < groups.length;
}

export interface AccuracyPairTest {
  test: 'mcnemar-exact' | 'mcnemar-clustered-yang';
  statistic: number;
  pValue: number;
  /** The unclustered exact test (b, c, n, Δ accuracy), also when the clustered one decides. */
  exact: McNemarResult;
  clustered?: ClusteredMcNemarResult;
  /** With repeated clusters: the exact patient-level sign-flip p (cluster-sign-flip.ts), no large-sample approximation. */
  signFlipP?: number;
}

/** McNemar on per-sample correctness: exact, or Yang's clustered test when `groups` repeat. */
export function accuracyPairTest(
  correctA: readonly boolean[], correctB: readonly boolean[], groups: readonly string[] | undefined, confidence?: number,
): AccuracyPairTest {
  const exact = mcnemarTest(correctA, correctB, confidence === undefined ? {} : { confidence });
  if (!hasRepeatedClusters(groups)) return { test: 'mcnemar-exact', statistic: exact.statistic, pValue: exact.pValue, exact };
  const clustered = clusteredMcnemarTest(correctA, correctB, groups, 'yang');
  const signFlipP = clusterSignFlipTest(correctA, correctB, groups).pValue;
  return { test: 'mcnemar-clustered-yang', statistic: clustered.statistic, pValue: clustered.pValue, exact, clustered, signFlipP };
}

export interface AurocPairTest {
  test: 'delong-paired' | 'delong-clustered-obuchowski';
  result: DelongTestResult | ClusteredDelongResult | Degenerate;
  /** DeLong's unclustered p when the clustered test decides and DeLong is defined. */
  unclusteredP?: number;
}

/** DeLong's test of two correlated AUROCs, with Obuchowski's clustered variance when `groups` repeat. */
export function aurocPairTest(
  yTrue: readonly number[], scoresA: readonly number[], scoresB: readonly number[], groups: readonly string[] | undefined, confidence: number,
): AurocPairTest {
  const plain = delongTest(yTrue, scoresA, scoresB, { confidence });
  if (!hasRepeatedClusters(groups)) return { test: 'delong-paired', result: plain };
  return {
    test: 'delong-clustered-obuchowski',
    result: clusteredDelongTest(yTrue, scoresA, scoresB, groups, { confidence }),
    ...(plain.defined ? { unclusteredP: plain.pValue } : {}),
  };
}
