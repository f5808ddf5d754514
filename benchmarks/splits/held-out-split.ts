// A fixed held-out test split given by the data set (a manifest's `split` column): cross-validation runs on the
// train part and the test part is scored by models trained on the whole train part. A patient on both sides
// would leak, so it is an error that names the patient.

export type SplitSide = 'train' | 'test';

export interface HeldOutSplit {
  /** Sample indices, ascending. */
  train: number[];
  test: number[];
}

export interface SplitLeak {
  patientId: string;
  /** The patient's sample indices on each side. */
  train: number[];
  test: number[];
}

function check(splits: readonly (SplitSide | undefined)[], groups: readonly string[]): void {
  if (splits.length !== groups.length) throw new RangeError(`splits and groups differ in length (${splits.length} vs ${groups.length})`);
}

/** Patients with samples on both sides, in order of first appearance. A missing split means train. */
export function findSplitLeaks(splits: readonly (SplitSide | undefined)[], groups: readonly string[]): SplitLeak[] {
  check(splits, groups);
  const sides = new Map<string, SplitLeak>();
  groups.forEach((patientId, index) => {
    const entry = sides.get(patientId) ?? { patientId, train: [], test: [] };
    entry[splits[index] === 'test' ? 'test' : 'train'].push(index);
    sides.set(patientId, entry);
  });
  return [...sides.values()].filter((s) => s.train.length > 0 && s.test.length > 0);
}

/**
 * The held-out split, or undefined when no sample is marked test. `describe` names a sample in the error
 * (e.g. "manifest.csv:12"); a patient on both sides throws, naming the first such patient and where.
 */
export function heldOutSplit(
  splits: readonly (SplitSide | undefined)[],
  groups: readonly string[],
  describe: (index: number) => string = (index) => `sample ${index}`,
): HeldOutSplit | undefined {
  const leaks = findSplitLeaks(splits, groups);
  if (leaks.length > 0) throw new RangeError(describeLeak(leaks[0], describe) + (leaks.length > 1 ? ` (and ${leaks.length - 1} more patient(s))` : ''));
  const test = splits.flatMap((s, i) => (s === 'test' ? [i] : []));
  if (test.length === 0) return undefined;
  return { train: splits.flatMap((s, i) => (s === 'test' ? [] : [i])), test };
}

export function describeLeak(leak: SplitLeak, describe: (index: number) => string): string {
  const list = (indices: readonly number[]): string => indices.map(describe).join(', ');
  return `patient "${leak.patientId}" is on both sides of the split: train at ${list(leak.train)}; test at ${list(leak.test)}`;
}
