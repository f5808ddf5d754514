// Checks of the `sweep` block itself: each key is a dotted path to a single-valued settings field
// (did-you-mean per segment), each list is non-empty without repeats, and each value is valid for its field.
import { closestMatch, didYouMeanSuffix } from './did-you-mean.ts';
import type { Finding } from './finding.ts';
import { formatValue } from './finding.ts';
import { dottedToPointer, isPlainObject, isWithin, toPointer } from './json-pointer.ts';
import { setPath } from './resolve.ts';
import { isGroup, settingsSchema } from './schema.ts';
import type { SchemaNode } from './schema.ts';
import { schemaFindings } from './schema-findings.ts';
import type { SweepValue } from './types.ts';

export interface SweepCheck {
  findings: Finding[];
  /** The axes whose key is valid, restricted to the values that are valid for the field. */
  validAxes: Record<string, SweepValue[]>;
}

export function checkSweep(sweep: unknown): SweepCheck {
  const result: SweepCheck = { findings: [], validAxes: {} };
  if (!isPlainObject(sweep)) return result; // a non-object sweep is a schema error
  for (const [key, values] of Object.entries(sweep)) {
    const entryPath = toPointer(['sweep', key]);
    const keyProblem = sweepKeyProblem(key);
    if (keyProblem !== undefined) {
      result.findings.push({ path: entryPath, ...keyProblem });
      continue;
    }
    if (!Array.isArray(values)) continue; // reported by the schema
    if (values.length === 0) {
      result.findings.push({ path: entryPath, message: `sweep list for "${key}" is empty; give at least one value` });
      continue;
    }
    const valid: SweepValue[] = [];
    values.forEach((value: unknown, index) => {
      if (!isSweepValue(value)) return; // the schema reports it; the axis is left out of grid checks
      const first = values.indexOf(value);
      const problem = first !== index
        ? { message: `duplicate value ${formatValue(value)} in sweep list for "${key}" (also at index ${first})` }
        : sweepValueProblem(key, value);
      if (problem === undefined) valid.push(value);
      else result.findings.push({ path: toPointer(['sweep', key, index]), ...problem });
    });
    if (valid.length === values.length) result.validAxes[key] = valid;
  }
  return result;
}

type Problem = Omit<Finding, 'path'>;

function sweepKeyProblem(key: string): Problem | undefined {
  const segments = key.split('.');
  let node: SchemaNode = settingsSchema();
  for (const [depth, segment] of segments.entries()) {
    const where = segments.slice(0, depth).join('.');
    if (!isGroup(node)) return { message: `sweep key "${key}": "${where}" is a single field and has no "${segment}"` };
    const allowed = Object.keys(node.properties ?? {});
    const child = node.properties?.[segment];
    if (child === undefined) {
      const match = closestMatch(segment, allowed);
      const suggestion = match === undefined ? undefined : [...segments.slice(0, depth), match, ...segments.slice(depth + 1)].join('.');
      const scope = where === '' ? 'settings' : `"${where}"`;
      return {
        message: `sweep key "${key}": unknown field "${segment}" in ${scope}${didYouMeanSuffix(match)} (allowed: ${allowed.join(', ')})`,
        suggestion,
      };
    }
    node = child;
  }
  if (isGroup(node)) {
    const example = Object.keys(node.properties ?? {})[0];
    return { message: `sweep key "${key}" names a group of fields; sweep one field, e.g. "${key}.${example}"` };
  }
  if (node.type === 'array') return { message: `sweep key "${key}" is a list field; sweep values are single values, so it cannot be swept` };
  return undefined;
}

function isSweepValue(value: unknown): value is SweepValue {
  return typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean';
}

function sweepValueProblem(key: string, value: SweepValue): Problem | undefined {
  const fieldPointer = dottedToPointer(key);
  const probe = setPath(skeletonFor(key), key, value);
  const problem = schemaFindings(probe).find((f) => isWithin(f.path, fieldPointer));
  if (problem !== undefined) return { message: `${key} = ${formatValue(value)}: ${problem.message}`, suggestion: problem.suggestion };
  return undefined;
}

/** A minimal valid document with the nested objects a sweep key needs, its leaf set to null. */
function skeletonFor(key: string): Record<string, unknown> {
  const skeleton: Record<string, unknown> = { name: 'sweep-value-check' };
  let node = skeleton;
  const segments = key.split('.');
  for (const segment of segments.slice(0, -1)) {
    node[segment] = {};
    node = node[segment] as Record<string, unknown>;
  }
  node[segments[segments.length - 1]] = null;
  return skeleton;
}
