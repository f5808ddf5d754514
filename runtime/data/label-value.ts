// Reads label and split cells against a task: a label is a class index (0..K−1) or a class name ("tear",
// "KL3"); blank, NaN and unknown labels give a message saying which, for the caller to place at file:line.

export interface LabelSet {
  /** Labels must lie in 0..numClasses−1. */
  numClasses?: number;
  /** Class names in index order (the task's `labels`); a cell may give the name instead of the index. */
  names?: readonly string[];
}

/** The class index of a cell's text, or a message saying why it is not one. */
export function parseLabel(raw: string, isNumber: boolean, set: LabelSet): number | string {
  const text = raw.trim();
  if (text === '') return 'label is empty';
  if (/^[+-]?nan$/i.test(text)) return 'label is NaN (a missing label)';
  const named = set.names?.indexOf(text) ?? -1;
  if (named >= 0) return named;
  const isInteger = isNumber ? Number.isInteger(Number(text)) : /^[+-]?\d+$/.test(text);
  const numClasses = set.numClasses ?? set.names?.length;
  if (!isInteger) {
    if (set.names && !/^[+-]?(\d|inf)/i.test(text)) {
      return `label "${text}" is not in the task's label set (${set.names.join(', ')}, or 0..${set.names.length - 1})`;
    }
    return `label must be an integer (got "${text}")`;
  }
  const label = Number(text);
  if (numClasses !== undefined && (label < 0 || label >= numClasses)) {
    const names = set.names ? ` (${set.names.join(', ')})` : '';
    return `label ${label} is not in the label set 0..${numClasses - 1}${names}`;
  }
  return label;
}

/** A split cell: "train" or "test" (any case), blank for none, else a message. */
export function parseSplit(raw: string): 'train' | 'test' | undefined | { problem: string } {
  const value = raw.trim().toLowerCase();
  if (value === '') return undefined;
  if (value === 'train' || value === 'test') return value;
  return { problem: `split must be "train" or "test" (got "${raw.trim()}")` };
}
