// Writes and reads MLflow's meta.yaml files. MLflow dumps them with PyYAML (yaml_utils.write_yaml:
// SafeDumper, sort_keys, block style, allow_unicode) and reads them with YAML 1.1 rules, under which
// `yes`, `on`, `12:30` or `1_000` are not strings. Strings are therefore styled by PyYAML's own
// rules (emitter.analyze_scalar + the YAML 1.1 implicit resolvers), so the bytes match PyYAML's for any
// one-line value under 80 columns; longer or multi-line values are quoted without folding (same value).
import { parse } from 'yaml';
import { TrackingError } from './errors.ts';

/** The value types meta.yaml files hold: strings, integers (epoch ms, enums), null, and `tags: []`. */
export type MetaValue = string | number | null | readonly never[];
export type MetaRecord = Record<string, MetaValue>;

// PyYAML resolver.py implicit resolvers: a plain scalar matching one of these is not read as a string.
const YAML11_NON_STRING = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:<<)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?|[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9])$/,
  /^(?:=)$/,
];

const LINE_BREAKS = '\n\u0085\u2028\u2029';
const WHITESPACE_OR_END = '\0 \t\r\n\u0085\u2028\u2029';

function isPrintable(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  if (c === 0x0a || (c >= 0x20 && c <= 0x7e)) return true;
  const unicodePrintable =
    c === 0x85 || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c < 0x10ffff);
  return unicodePrintable && c !== 0xfeff;
}

type ScalarStyle = 'plain' | 'single' | 'double';

/** PyYAML's choice of style for a string value in a block mapping (emitter.analyze_scalar). */
function chooseStyle(text: string): ScalarStyle {
  const chars = Array.from(text);
  let indicators = text.startsWith('---') || text.startsWith('...');
  let lineBreaks = false;
  let special = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  chars.forEach((ch, i) => {
    const followedByWhitespace = i + 1 >= chars.length || WHITESPACE_OR_END.includes(chars[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) indicators = true;
      if ('?:-'.includes(ch) && followedByWhitespace) indicators = true;
    } else {
      if (ch === ':' && followedByWhitespace) indicators = true;
      if (ch === '#' && precededByWhitespace) indicators = true;
    }
    if (LINE_BREAKS.includes(ch)) lineBreaks = true;
    if (!isPrintable(ch)) special = true;
    if (ch === ' ') {
      if (previousBreak) breakSpace = true;
      [previousSpace, previousBreak] = [true, false];
    } else if (LINE_BREAKS.includes(ch)) {
      if (previousSpace) spaceBreak = true;
      [previousSpace, previousBreak] = [false, true];
    } else {
      [previousSpace, previousBreak] = [false, false];
    }
    precededByWhitespace = WHITESPACE_OR_END.includes(ch);
  });
  const edgeSpace = text.startsWith(' ') || text.endsWith(' ');
  const edgeBreak = LINE_BREAKS.includes(chars[0] ?? '') || LINE_BREAKS.includes(chars.at(-1) ?? '');
  if (special || spaceBreak || breakSpace || lineBreaks) return 'double';
  const readAsNonString = YAML11_NON_STRING.some((re) => re.test(text));
  if (readAsNonString || indicators || edgeSpace || edgeBreak) return 'single';
  return 'plain';
}

const DOUBLE_QUOTED_ESCAPES: Record<string, string> = {
  '\0': '0', '\x07': 'a', '\b': 'b', '\t': 't', '\n': 'n', '\x0b': 'v', '\f': 'f', '\r': 'r', '\x1b': 'e',
  '"': '"', '\\': '\\', '\u0085': 'N', '\u00a0': '_', '\u2028': 'L', '\u2029': 'P',
};

function doubleQuoted(text: string): string {
  let out = '"';
  for (const ch of text) {
    const named = DOUBLE_QUOTED_ESCAPES[ch];
    const code = ch.codePointAt(0) ?? 0;
    if (named !== undefined) out += `\\${named}`;
    else if (isPrintable(ch)) out += ch;
    else if (code <= 0xff) out += `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (code <= 0xffff) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += `\\U${code.toString(16).toUpperCase().padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** A string as PyYAML would write it as a mapping value. */
export function formatYamlString(text: string): string {
  const style = chooseStyle(text);
  if (style === 'plain') return text;
  if (style === 'single') return `'${text.replaceAll("'", "''")}'`;
  return doubleQuoted(text);
}

function formatValue(key: string, value: MetaValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TrackingError('INVALID_VALUE', `meta.yaml field '${key}' must be an integer (got ${value}).`);
    return String(value);
  }
  return formatYamlString(value as string);
}

/** The text PyYAML's `yaml.dump(record, default_flow_style=False, allow_unicode=True, sort_keys=True)` gives. */
export function toMlflowYaml(record: MetaRecord): string {
  return Object.keys(record)
    .sort()
    .map((key) => `${key}: ${formatValue(key, record[key])}\n`)
    .join('');
}

/** Parses a meta.yaml written by MLflow or by us, with MLflow's YAML 1.1 reading rules. */
export function parseMlflowYaml(text: string, file: string): Record<string, unknown> {
  let data: unknown;
  try {
    // Legacy stores hold experiment ids as 18-digit ints, beyond 2^53: read ints exactly, then narrow.
    data = parse(text, { version: '1.1', intAsBigInt: true });
  } catch (error) {
    throw new TrackingError('CORRUPT_STORE', `${file}: not valid YAML (${(error as Error).message})`, { cause: error });
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new TrackingError('CORRUPT_STORE', `${file}: expected a mapping of fields.`);
  }
  return Object.fromEntries(
    Object.entries(data).map(([key, value]) => [key, typeof value === 'bigint' ? narrowInteger(value) : value]),
  );
}

function narrowInteger(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}
