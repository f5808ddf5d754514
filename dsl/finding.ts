// A problem found by a check before it is placed in the user's file: the field it concerns and, for
// cross-field rules, the other fields involved (so it can be reported where the user wrote one of them).

export interface Finding {
  /** JSON pointer of the field at fault. */
  path: string;
  message: string;
  /** Replacement proposed by a did-you-mean. */
  suggestion?: string;
  /** Other fields whose values together with `path` break the rule (e.g. the global crop size). */
  involves?: string[];
}

/** Short rendering of a value for messages: `string "abc"`, `number 1.2`, `array`, `null`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeof value;
}

/** A value as it would be written in a spec: strings quoted, numbers and booleans bare. */
export function formatValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
