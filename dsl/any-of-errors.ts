// Folds ajv's errors for an `anyOf` (a field that takes e.g. a number in [0, 1] or "natural") into what a person
// needs: when the value has the shape of one alternative, only that alternative's complaint ("must be <= 1 (got
// 1.5)"); when it fits none, one line naming every alternative ("expected a number from 0 to 1 or "natural", got
// "half""). Without this, each branch reports its own mismatch plus ajv's "must match a schema in anyOf".
import type { ErrorObject } from 'ajv';
import { formatValue } from './finding.ts';
import type { SchemaNode } from './schema.ts';

/** An anyOf failure that fits no alternative: its path, the value and the alternatives' schemas. */
export interface UnmatchedAlternatives {
  instancePath: string;
  value: unknown;
  alternatives: SchemaNode[];
}

const SHAPE_KEYWORDS = new Set(['type', 'const', 'enum']);

/** The errors with anyOf folds applied, and the anyOf failures whose value fits no alternative. */
export function foldAnyOfErrors(errors: readonly ErrorObject[]): { errors: ErrorObject[]; unmatched: UnmatchedAlternatives[] } {
  const dropped = new Set<ErrorObject>();
  const unmatched: UnmatchedAlternatives[] = [];
  for (const anyOf of errors.filter((e) => e.keyword === 'anyOf')) {
    const prefix = `${anyOf.schemaPath}/`;
    const byBranch = new Map<number, ErrorObject[]>();
    for (const error of errors) {
      if (!error.schemaPath.startsWith(prefix)) continue;
      const branch = Number(error.schemaPath.slice(prefix.length).split('/')[0]);
      byBranch.set(branch, [...(byBranch.get(branch) ?? []), error]);
    }
    const misfits = (list: ErrorObject[]) => list.some((e) => e.instancePath === anyOf.instancePath && SHAPE_KEYWORDS.has(e.keyword));
    const fitting = [...byBranch.values()].filter((list) => !misfits(list));
    dropped.add(anyOf);
    for (const list of byBranch.values()) if (fitting.length === 0 || misfits(list)) list.forEach((e) => dropped.add(e));
    if (fitting.length === 0) {
      const alternatives = (anyOf.parentSchema as SchemaNode | undefined)?.anyOf ?? [];
      unmatched.push({ instancePath: anyOf.instancePath, value: anyOf.data, alternatives });
    }
  }
  return { errors: errors.filter((e) => !dropped.has(e)), unmatched };
}

/** "a number from 0 to 1", "an integer ≥ 0", "\"natural\"", "an object with center, width". */
export function describeAlternative(node: SchemaNode): string {
  if (node.const !== undefined) return formatValue(node.const);
  if (node.enum !== undefined) return `one of ${node.enum.map(String).join('|')}`;
  const type = Array.isArray(node.type) ? node.type.join(' or ') : node.type;
  if (type === 'number' || type === 'integer') {
    const noun = type === 'integer' ? 'an integer' : 'a number';
    if (node.minimum !== undefined && node.maximum !== undefined) return `${noun} from ${node.minimum} to ${node.maximum}`;
    if (node.minimum !== undefined) return `${noun} ≥ ${node.minimum}`;
    if (node.maximum !== undefined) return `${noun} ≤ ${node.maximum}`;
    return noun;
  }
  if (type === 'object') return node.required?.length ? `an object with ${node.required.join(', ')}` : 'an object';
  if (type === 'array') return 'a list';
  return type ? `a ${type}` : 'another value';
}
