// Nested, patient-level, class-stratified subsets of a training fold for label-efficiency curves: one shuffled
// patient order per class, and each fraction takes a prefix of it, so a smaller subset lies inside every larger one.
import type { Rng } from '../rng.ts';
import { buildGroupTable } from './group-table.ts';

/**
 * For each fraction f, the training samples of round(f · patients of class c) patients of every class c (at least
 * one per class present; JS rounding, half up), ascending. A patient with mixed labels is stratified under its
 * majority label. Fraction 1 returns the whole training fold.
 */
export function nestedLabelFractions(
  trainIndices: readonly number[],
  labels: readonly number[],
  groups: readonly string[],
  fractions: readonly number[],
  rng: Rng,
): Map<number, number[]> {
  checkFractions(fractions);
  if (trainIndices.length === 0) throw new RangeError('the training fold is empty');
  const table = buildGroupTable(labels, groups, trainIndices);
  const orderByClass = Array.from({ length: table.numClasses }, () => [] as number[]);
  table.rows.forEach((row, g) => orderByClass[row.majorityLabel].push(g));
  const shuffledByClass = orderByClass.map((rows, c) => rng.fork(`fraction-class:${c}`).shuffle(rows));
  const subsets = new Map<number, number[]>();
  for (const fraction of fractions) {
    const chosen: number[] = [];
    for (const rows of shuffledByClass) {
      if (rows.length === 0) continue;
      const take = fraction === 1 ? rows.length : Math.max(1, Math.round(fraction * rows.length));
      for (const g of rows.slice(0, take)) chosen.push(...table.rows[g].members);
    }
    subsets.set(fraction, chosen.sort((a, b) => a - b));
  }
  return subsets;
}

function checkFractions(fractions: readonly number[]): void {
  if (fractions.length === 0) throw new RangeError('at least one label fraction is needed');
  for (const fraction of fractions) {
    if (!(Number.isFinite(fraction) && fraction > 0 && fraction <= 1)) {
      throw new RangeError(`label fraction must be in (0, 1] (got ${fraction})`);
    }
  }
}
