// Turns ajv's errors into findings worded for people: unknown keys with did-you-mean and the allowed
// keys, "expected number, got string \"abc\"", "must be <= 1 (got 1.2)", enums with did-you-mean.
import type { ErrorObject } from 'ajv';
import { describeAlternative, foldAnyOfErrors } from './any-of-errors.ts';
import { closestMatch, didYouMeanSuffix } from './did-you-mean.ts';
import { describeValue, formatValue } from './finding.ts';
import type { Finding } from './finding.ts';
import { toPointer } from './json-pointer.ts';
import { getSchemaValidator } from './schema.ts';
import type { SchemaNode } from './schema.ts';

/** Validates a document against schema.json and returns every problem. */
export function schemaFindings(document: unknown): Finding[] {
  const validate = getSchemaValidator();
  if (validate(document)) return [];
  const { errors, unmatched } = foldAnyOfErrors(validate.errors ?? []);
  const findings = [
    ...errors.map(findingFromAjvError),
    ...unmatched.map((u) => ({ path: u.instancePath, message: `expected ${u.alternatives.map(describeAlternative).join(' or ')}, got ${describeValue(u.value)}` })),
  ];
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.path}\u0000${f.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function findingFromAjvError(error: ErrorObject): Finding {
  const path = error.instancePath;
  const params = error.params as Record<string, unknown>;
  const got = error.data;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as SchemaNode | undefined)?.properties ?? {});
      const suggestion = closestMatch(key, allowed);
      return {
        path: path + toPointer([key]),
        message: `unknown key "${key}"${didYouMeanSuffix(suggestion)} (allowed: ${allowed.join(', ')})`,
        suggestion,
      };
    }
    case 'required':
      return { path: path + toPointer([String(params.missingProperty)]), message: `missing required field "${String(params.missingProperty)}"` };
    case 'type':
      return { path, message: `expected ${typeList(params.type)}, got ${describeValue(got)}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { path, message: `must be ${String(params.comparison)} ${String(params.limit)} (got ${formatValue(got)})` };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const suggestion = typeof got === 'string' ? closestMatch(got, allowed) : undefined;
      return { path, message: `expected one of ${allowed.join('|')}, got ${formatValue(got)}${didYouMeanSuffix(suggestion)}`, suggestion };
    }
    case 'const':
      return { path, message: `expected ${formatValue(params.allowedValue)} (the only supported value), got ${formatValue(got)}` };
    case 'pattern':
      return { path, message: `must match ${String(params.pattern)} (got ${formatValue(got)})` };
    case 'minItems':
    case 'maxItems':
      return { path, message: `${itemCountRule(error)}, got ${Array.isArray(got) ? got.length : '?'}` };
    default:
      return { path, message: error.message ?? `fails ${error.keyword}` };
  }
}

function typeList(type: unknown): string {
  const types = Array.isArray(type) ? type.map(String) : [String(type)];
  return types.length === 1 ? types[0] : `${types.slice(0, -1).join(', ')} or ${types[types.length - 1]}`;
}

function itemCountRule(error: ErrorObject): string {
  const schema = error.parentSchema as { minItems?: number; maxItems?: number } | undefined;
  if (schema?.minItems !== undefined && schema.minItems === schema.maxItems) return `expected exactly ${schema.minItems} items`;
  const limit = String((error.params as { limit?: number }).limit);
  return error.keyword === 'minItems' ? `expected at least ${limit} items` : `expected at most ${limit} items`;
}
