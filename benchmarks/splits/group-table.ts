// Per-patient view of a labelled dataset: each group's sample indices and label counts, the shared input of the
// patient-level fold and label-fraction splitters.

export interface GroupRow {
  id: string;
  /** Sample indices of this group, ascending. */
  members: number[];
  /** labelCounts[c] = samples of class c in the group. */
  labelCounts: number[];
  /** Most frequent label (ties → smallest), the class a group is stratified under. */
  majorityLabel: number;
}

export interface GroupTable {
  rows: GroupRow[];
  numClasses: number;
  /** True when no group mixes labels. */
  pure: boolean;
}

/** Groups of the given samples (all samples when `subset` is omitted), in order of first appearance. */
export function buildGroupTable(
  labels: readonly number[],
  groups: readonly string[],
  subset?: readonly number[],
): GroupTable {
  checkLabelsAndGroups(labels, groups);
  const numClasses = labels.reduce((largest, label) => Math.max(largest, label), 0) + 1;
  const byId = new Map<string, GroupRow>();
  for (const index of subset ?? labels.map((_, i) => i)) {
    if (!Number.isInteger(index) || index < 0 || index >= labels.length) {
      throw new RangeError(`sample index ${index} is out of range [0, ${labels.length})`);
    }
    const id = groups[index];
    let row = byId.get(id);
    if (row === undefined) {
      row = { id, members: [], labelCounts: new Array<number>(numClasses).fill(0), majorityLabel: 0 };
      byId.set(id, row);
    }
    row.members.push(index);
    row.labelCounts[labels[index]] += 1;
  }
  const rows = [...byId.values()];
  for (const row of rows) {
    row.members.sort((a, b) => a - b);
    row.majorityLabel = row.labelCounts.indexOf(Math.max(...row.labelCounts));
  }
  const pure = rows.every((row) => row.labelCounts.filter((count) => count > 0).length === 1);
  return { rows, numClasses, pure };
}

function checkLabelsAndGroups(labels: readonly number[], groups: readonly string[]): void {
  if (labels.length === 0) throw new RangeError('cannot split an empty dataset');
  if (labels.length !== groups.length) {
    throw new RangeError(`labels and groups differ in length (${labels.length} vs ${groups.length})`);
  }
  labels.forEach((label, i) => {
    if (!Number.isInteger(label) || label < 0) {
      throw new RangeError(`labels[${i}] = ${label} is not a non-negative integer class index`);
    }
  });
}
