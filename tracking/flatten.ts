// Turns a resolved spec into MLflow params: nested objects become dotted keys (`pretrain.ema.start`),
// arrays become their JSON text (`[0.25,0.5,1]`), scalars their string form. A value longer than
// MLflow's 6000-character limit throws (it is never truncated): the complete resolved spec is meant
// to be logged as an artifact beside the params, so nothing is lost by keeping params short.
import { TrackingError } from './errors.ts';
import { validateKey, validateValueLength } from './names.ts';
import type { ParamValue } from './sink.ts';

/** String form of a param value: strings as they are, numbers and booleans as JavaScript/JSON spell them. */
export function stringifyParamValue(value: ParamValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new TrackingError('INVALID_VALUE', `A param value must be a string, number or boolean (got ${typeof value}).`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function leafToString(path: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (value === null) return 'null';
  if (Array.isArray(value)) return JSON.stringify(value);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return stringifyParamValue(value);
  throw new TrackingError('INVALID_VALUE', `Cannot log '${path}' as a param: unsupported value of type ${typeof value}.`);
}

function collect(value: unknown, path: string, out: Record<string, string>): void {
  if (isPlainObject(value)) {
    for (const [key, child] of Object.entries(value)) collect(child, path === '' ? key : `${path}.${key}`, out);
    return;
  }
  const text = leafToString(path, value);
  if (text === undefined) return;
  if (path === '') throw new TrackingError('INVALID_VALUE', 'flattenParams needs an object (or a prefix for a single value).');
  validateKey('param', path);
  validateValueLength('param', path, text);
  out[path] = text;
}

/**
 * `{pretrain: {ema: {start: 0.996}}, eval: {labelFractions: [0.25, 0.5, 1]}}` →
 * `{'pretrain.ema.start': '0.996', 'eval.labelFractions': '[0.25,0.5,1]'}`. Undefined values are skipped,
 * null becomes 'null'. Keys are checked against MLflow's key rules; throws on a value over 6000 characters.
 */
export function flattenParams(obj: unknown, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  collect(obj, prefix, out);
  return out;
}
