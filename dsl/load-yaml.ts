// Loads a YAML (or JSON) spec with `yaml`'s parseDocument + LineCounter, keeping the node tree so a
// field's JSON pointer maps back to its line and column (anchors, aliases and `<<` merges followed).
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node, Pair } from 'yaml';
import { SpecError } from './issues.ts';
import type { SpecIssue } from './issues.ts';
import { parsePointer } from './json-pointer.ts';
import type { LoadedSpec, SourcePosition } from './loaded-spec.ts';

/** Parses YAML text; syntax errors (bad indentation, duplicate keys, …) throw a SpecError with line:col. */
export function loadYamlSpec(text: string, file: string): LoadedSpec {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, merge: true });
  if (doc.errors.length > 0) {
    throw new SpecError(doc.errors.map((error): SpecIssue => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return { file, line, column: col, path: '', message: `YAML syntax error: ${firstLine(error.message)}` };
    }));
  }
  const raw: unknown = doc.toJS({ maxAliasCount: 1000 });
  const positionOf = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  return {
    file,
    format: 'yaml',
    raw: raw ?? null,
    locate(pointer) {
      const offset = locateOffset(doc, pointer);
      return offset === undefined ? undefined : positionOf(offset);
    },
  };
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}

/** Offset of the key (object field) or element (array item) the pointer names. */
function locateOffset(doc: Document, pointer: string): number | undefined {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const segment of parsePointer(pointer)) {
    node = dereference(doc, node);
    if (isMap(node)) {
      const pair = findPair(doc, node.items, segment);
      if (pair === undefined) return undefined;
      offset = rangeStart(pair.key) ?? rangeStart(pair.value) ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item: unknown = node.items[Number(segment)];
      if (item === undefined || !/^\d+$/.test(segment)) return undefined;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else {
      return undefined;
    }
  }
  return offset;
}

/** The pair whose key is `key`; later pairs win, and `<<: *anchor` merges are searched after own keys. */
function findPair(doc: Document, items: readonly unknown[], key: string): Pair | undefined {
  const pairs = items.filter(isPair);
  for (let i = pairs.length - 1; i >= 0; i--) {
    if (keyText(pairs[i].key) === key) return pairs[i];
  }
  for (const merge of pairs.filter((p) => keyText(p.key) === '<<')) {
    const sources = dereference(doc, merge.value);
    for (const source of isSeq(sources) ? sources.items : [sources]) {
      const target = dereference(doc, source);
      if (isMap(target)) {
        const found = findPair(doc, target.items, key);
        if (found !== undefined) return found;
      }
    }
  }
  return undefined;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return typeof key.value === 'symbol' ? key.value.description : String(key.value); // merge key: Symbol(<<)
  return typeof key === 'string' ? key : undefined;
}

function dereference(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range === undefined || range === null ? undefined : range[0];
}
