// Defensive readers for semantic checks: they run on resolved specs that may still hold wrongly typed
// values (already reported by the schema), so each reader returns undefined instead of trusting types.
import { tryGetAtPointer } from './json-pointer.ts';

export function numberAt(resolved: unknown, pointer: string): number | undefined {
  const value = tryGetAtPointer(resolved, pointer);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function stringAt(resolved: unknown, pointer: string): string | undefined {
  const value = tryGetAtPointer(resolved, pointer);
  return typeof value === 'string' ? value : undefined;
}

export function arrayAt(resolved: unknown, pointer: string): unknown[] | undefined {
  const value = tryGetAtPointer(resolved, pointer);
  return Array.isArray(value) ? value : undefined;
}
