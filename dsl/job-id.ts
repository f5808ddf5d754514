// A job's identity is the hash of what it will run: sha256 of the canonical JSON (keys sorted at every
// level) of its resolved spec, so equal specs share an id whatever order their fields were written in.
import { createHash } from 'node:crypto';
import { isPlainObject } from './json-pointer.ts';

/** JSON with object keys sorted recursively; arrays keep their order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/** First 12 hex digits of sha256(canonicalJson(value)). */
export function jobIdOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 12);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isPlainObject(value)) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys(value[key]);
  return sorted;
}
