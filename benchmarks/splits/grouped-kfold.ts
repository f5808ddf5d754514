// Patient-grouped stratified k-fold: no patient in two folds, classes balanced by patient. Single-label patients
// are shuffled per class and dealt in rounds of k, one per fold (so each class's per-fold patient count is within
// ±1), the biggest patient of a round to the fold with fewest images; mixed-label patients fall back to
// scikit-learn's greedy StratifiedGroupKFold (./greedy-stratified-group.ts).
import type { Rng } from '../rng.ts';
import { buildGroupTable, type GroupRow, type GroupTable } from './group-table.ts';
import { assignGroupsGreedily } from './greedy-stratified-group.ts';

export interface Fold {
  /** Sample indices, ascending. */
  train: number[];
  test: number[];
}

export type FoldStrategy = 'dealt-by-class' | 'greedy-stratified-group';

/** The folds, plus how they were made and warnings (e.g. a class with fewer patients than folds). */
export type GroupedFolds = Fold[] & { strategy: FoldStrategy; notes: string[] };

export function patientGroupedStratifiedKFold(
  labels: readonly number[],
  groups: readonly string[],
  k: number,
  rng: Rng,
): GroupedFolds {
  const table = buildGroupTable(labels, groups);
  checkFoldCount(k, table.rows.length);
  const strategy: FoldStrategy = table.pure ? 'dealt-by-class' : 'greedy-stratified-group';
  const foldOfGroup = table.pure ? dealByClass(table, k, rng) : greedyStratifiedGroup(table, k, rng);
  const folds = collectFolds(table.rows, foldOfGroup, k, labels.length);
  return Object.assign(folds, { strategy, notes: sparseClassNotes(table, k) });
}

function dealByClass(table: GroupTable, k: number, rng: Rng): number[] {
  const foldOfGroup = new Array<number>(table.rows.length).fill(-1);
  const samplesInFold = new Array<number>(k).fill(0);
  const sizeOf = (g: number) => table.rows[g].members.length;
  const rowsByClass = Array.from({ length: table.numClasses }, () => [] as number[]);
  table.rows.forEach((row, g) => rowsByClass[row.majorityLabel].push(g));
  // Rarest classes first: their few patients are the hardest to spread, the common ones then even out sample counts.
  const classOrder = rowsByClass.map((_, c) => c).sort((a, b) => rowsByClass[a].length - rowsByClass[b].length || a - b);
  for (const c of classOrder) {
    const shuffled = rng.fork(`kfold-class:${c}`).shuffle(rowsByClass[c]);
    // Each round hands one patient of the class to each of k folds (hence the ±1 guarantee); inside a round the
    // largest patient goes to the fold with fewest samples so far (longest-processing-time rule).
    for (let start = 0; start < shuffled.length; start += k) {
      const round = shuffled.slice(start, start + k).sort((a, b) => sizeOf(b) - sizeOf(a));
      const emptiestFolds = Array.from({ length: k }, (_, f) => f).sort((a, b) => samplesInFold[a] - samplesInFold[b] || a - b);
      round.forEach((g, r) => {
        foldOfGroup[g] = emptiestFolds[r];
        samplesInFold[emptiestFolds[r]] += sizeOf(g);
      });
    }
  }
  return foldOfGroup;
}

function greedyStratifiedGroup(table: GroupTable, k: number, rng: Rng): number[] {
  // A shuffled visit order makes ties in label-count spread fall randomly, as sklearn with shuffle=True.
  const visitOrder = rng.fork('greedy').shuffle(table.rows.map((_, g) => g));
  return assignGroupsGreedily(table.rows.map((row) => row.labelCounts), k, visitOrder);
}

function collectFolds(rows: readonly GroupRow[], foldOfGroup: readonly number[], k: number, n: number): Fold[] {
  const foldOfSample = new Array<number>(n).fill(-1);
  rows.forEach((row, g) => row.members.forEach((index) => (foldOfSample[index] = foldOfGroup[g])));
  const folds: Fold[] = [];
  for (let f = 0; f < k; f++) {
    const test: number[] = [];
    const train: number[] = [];
    foldOfSample.forEach((fold, index) => (fold === f ? test : train).push(index));
    if (test.length === 0) throw new Error(`fold ${f} of ${k} received no patient; use fewer folds`);
    folds.push({ train, test });
  }
  return folds;
}

function sparseClassNotes(table: GroupTable, k: number): string[] {
  const notes: string[] = [];
  for (let c = 0; c < table.numClasses; c++) {
    const groupsWithClass = table.rows.filter((row) => row.labelCounts[c] > 0).length;
    if (groupsWithClass > 0 && groupsWithClass < k) {
      notes.push(`class ${c} has ${groupsWithClass} patient(s), fewer than ${k} folds: some test folds will lack it`);
    }
  }
  return notes;
}

function checkFoldCount(k: number, numGroups: number): void {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`the number of folds must be an integer ≥ 2 (got ${k})`);
  if (k > numGroups) throw new RangeError(`cannot make ${k} folds from ${numGroups} patient(s): need k ≤ patients`);
}
