// Request parsing and answer encoding shared by the stand-in's endpoints: MLflow's error type, field
// checks, proto-JSON metric values, offset page tokens (base64 JSON, as the SQL store's) and the subset
// of the search-filter grammar the client uses.

export class MlflowApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

export const invalid = (message: string) => new MlflowApiError(400, 'INVALID_PARAMETER_VALUE', message);
export const missing = (message: string) => new MlflowApiError(404, 'RESOURCE_DOES_NOT_EXIST', message);

export type Json = Record<string, unknown>;

export function wireValue(value: number): number | string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

export function parseValue(value: unknown, key: string): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  throw invalid(`Got invalid value ${JSON.stringify(value)} for metric '${key}'. Please specify value as a valid double (64-bit floating point)`);
}

export function requireString(body: Json, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') throw invalid(`Missing value for required parameter '${field}'.`);
  return value;
}

export function requireInt(value: unknown, what: string): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw invalid(`Invalid value ${JSON.stringify(value)} for ${what}: expected an integer.`);
  return n;
}

export function keyValueList(value: unknown, what: string): { key: string; value: string }[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid(`'${what}' must be a list.`);
  return value.map((item: unknown) => {
    const kv = item as Json;
    if (typeof kv?.key !== 'string') throw invalid(`Missing value for required parameter 'key' in ${what}.`);
    return { key: kv.key, value: typeof kv.value === 'string' ? kv.value : '' };
  });
}

export function pageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64');
}

export function parsePageToken(token: unknown): number {
  if (token === undefined || token === '') return 0;
  try {
    const offset = (JSON.parse(Buffer.from(String(token), 'base64').toString('utf8')) as Json).offset;
    if (typeof offset === 'number' && Number.isSafeInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through
  }
  throw invalid(`Invalid page token '${String(token)}'.`);
}

export interface FilterClause {
  key: string;
  op: '=' | '!=';
  value: string;
}

/** The subset of MLflow's search grammar clients here use: tags.<key> (=|!=) '<value>' joined by AND. */
export function parseFilter(filter: string): FilterClause[] {
  if (filter.trim() === '') return [];
  return filter.split(/\s+and\s+/i).map((clause) => {
    const match = /^\s*tags\.(`[^`]+`|"[^"]+"|[\w.]+)\s*(=|!=)\s*'([^'\\]*)'\s*$/.exec(clause);
    if (match === null) throw invalid(`Unsupported search filter clause (stand-in): ${clause}`);
    const rawKey = match[1];
    const key = /^[`"]/.test(rawKey) ? rawKey.slice(1, -1) : rawKey;
    return { key, op: match[2] as '=' | '!=', value: match[3] };
  });
}
