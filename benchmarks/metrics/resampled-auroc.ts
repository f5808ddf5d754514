// AUROC of bootstrap resamples in O(n) each: the samples are sorted by score once, and a resample (a multiset of
// sample indices) is scored by sweeping that order with per-sample multiplicities, instead of re-sorting the
// resample (O(n log n) with allocation). Same values as binaryAuroc / multiclassAurocOvr on the expanded resample.
import type { IndexStatistic } from '../stats/bootstrap.ts';
import { checkLabelRange, checkNumClasses } from './check-labels.ts';
import { checkBinaryLabels, checkScoreMatrix, checkScores } from './check-scores.ts';
import { sortedOrder } from '../stats/ranks.ts';

/** One score column sorted once: sample order, per-position label, and where runs of equal scores end. */
interface SortedColumn {
  order: Uint32Array;
  positiveAt: Uint8Array;
  runEnds: Int32Array;
}

function sortColumn(isPositive: readonly boolean[], scores: readonly number[]): SortedColumn {
  const n = scores.length;
  const order = sortedOrder(scores);
  const positiveAt = Uint8Array.from(order, (i) => (isPositive[i] ? 1 : 0));
  const runEnds: number[] = [];
  for (let p = 0; p < n; p++) if (p === n - 1 || scores[order[p + 1]] !== scores[order[p]]) runEnds.push(p + 1);
  return { order, positiveAt, runEnds: Int32Array.from(runEnds) };
}

/** AUROC of the column given each sample's multiplicity; NaN when the resample lacks a class. */
function sweep(column: SortedColumn, multiplicity: Float64Array): number {
  const { order, positiveAt, runEnds } = column;
  let negativesBelow = 0;
  let wins = 0;
  let positives = 0;
  let start = 0;
  for (let r = 0; r < runEnds.length; r++) {
    const end = runEnds[r];
    let runPositives = 0;
    let runTotal = 0;
    for (let p = start; p < end; p++) {
      const weight = multiplicity[order[p]];
      runTotal += weight;
      runPositives += positiveAt[p] * weight;
    }
    const runNegatives = runTotal - runPositives;
    wins += runPositives * (negativesBelow + 0.5 * runNegatives);
    negativesBelow += runNegatives;
    positives += runPositives;
    start = end;
  }
  return positives === 0 || negativesBelow === 0 ? Number.NaN : wins / (positives * negativesBelow);
}

/**
 * Binary AUROC as an IndexStatistic for the bootstrap helpers. A resample that lacks one class returns NaN, which
 * the bootstrap functions count in `nonFinite` and leave out of the interval (their contract for such replicates).
 */
export function makeAurocIndexStatistic(yTrue: readonly number[], scores: readonly number[]): IndexStatistic {
  checkBinaryLabels(yTrue);
  checkScores(scores, yTrue.length);
  const column = sortColumn(yTrue.map((y) => y === 1), scores);
  const multiplicity = new Float64Array(yTrue.length);
  return (indices) => {
    multiplicity.fill(0);
    for (let k = 0; k < indices.length; k++) multiplicity[indices[k]] += 1;
    return sweep(column, multiplicity);
  };
}

/**
 * One-vs-rest macro AUROC as an IndexStatistic: like multiclassAurocOvr, classes absent from a resample are left
 * out of its mean; NaN when fewer than two classes are drawn. The multiplicities are counted once for all classes.
 */
export function makeOvrAurocIndexStatistic(
  yTrue: readonly number[],
  scores: ReadonlyArray<readonly number[]>,
  numClasses: number,
): IndexStatistic {
  checkNumClasses(numClasses);
  checkLabelRange(yTrue, numClasses, 'yTrue');
  checkScoreMatrix(scores, yTrue.length, numClasses);
  const columns = Array.from({ length: numClasses }, (_, c) =>
    sortColumn(
      yTrue.map((y) => y === c),
      scores.map((row) => row[c]),
    ),
  );
  const multiplicity = new Float64Array(yTrue.length);
  return (indices) => {
    multiplicity.fill(0);
    for (let k = 0; k < indices.length; k++) multiplicity[indices[k]] += 1;
    let sum = 0;
    let defined = 0;
    for (const column of columns) {
      const value = sweep(column, multiplicity);
      if (Number.isNaN(value)) continue;
      sum += value;
      defined += 1;
    }
    return defined === 0 ? Number.NaN : sum / defined;
  };
}
