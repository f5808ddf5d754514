// The spool file of one run: JSON lines, a header saying which run the events belong to (a server
// run id, or how to create the run and the client key that finds it again), then one line per
// logging call in call order. Metric values use the wire spelling ("NaN", "Infinity").
import { TrackingError } from '../errors.ts';
import type { EndStatus } from '../sink.ts';
import type { WireMetric } from './wire.ts';

export const SPOOL_VERSION = 1;
export const SPOOL_FOLDER = '.mlflow-spool';
export const SPOOL_EXTENSION = '.jsonl';

/** Who the parent of a run created offline is: a run on the server, or another run created offline. */
export type ParentRef = { runId: string } | { clientRunKey: string };

export interface SpoolRunCreate {
  runName: string;
  startTime: number;
  /** All tags runs/create would have sent, except mlflow.parentRunId (see `parent`). */
  tags: Record<string, string>;
  parent?: ParentRef;
}

export interface SpoolHeader {
  type: 'run';
  version: typeof SPOOL_VERSION;
  /** Server URL without credentials. */
  trackingUri: string;
  /** Names the file, and is the run's `orthobench.clientRunKey` tag when the run is created on replay. */
  clientRunKey: string;
  experimentName?: string;
  /** Server ids, when the run or experiment already existed on the server. */
  experimentId?: string;
  runId?: string;
  create?: SpoolRunCreate;
  resume?: { discardMetrics: boolean };
  /** Epoch ms and a per-process counter: replay order (parents before children). */
  writtenAt: number;
  seq: number;
}

export type SpoolEvent =
  | { type: 'params'; params: Record<string, string> }
  | { type: 'tags'; tags: Record<string, string> }
  | { type: 'metrics'; points: WireMetric[] }
  | { type: 'artifact'; path: string; base64: string }
  | { type: 'end'; status: EndStatus; endTime: number };

export interface SpoolFile {
  header: SpoolHeader;
  events: SpoolEvent[];
  /** A last line cut short by a crash mid-write; it is skipped. */
  truncatedTail: boolean;
}

const EVENT_TYPES: ReadonlySet<string> = new Set(['params', 'tags', 'metrics', 'artifact', 'end']);

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A file may hold more than one header: when a sync claimed the file while its job was still
 * logging, the job starts a new file with the header again. Headers after the first are skipped.
 */
export function parseSpoolFile(text: string, file: string): SpoolFile {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const corrupt = (n: number, why: string) => new TrackingError('CORRUPT_STORE', `${file}:${n}: ${why}`);
  const first = parseLine(lines[0] ?? '');
  if (!isRecord(first) || first.type !== 'run' || first.version !== SPOOL_VERSION || typeof first.clientRunKey !== 'string') {
    throw corrupt(1, `not an orthobench spool file (version ${SPOOL_VERSION} header expected)`);
  }
  const events: SpoolEvent[] = [];
  let truncatedTail = false;
  for (let i = 1; i < lines.length; i++) {
    const value = parseLine(lines[i]);
    if (value === undefined && i === lines.length - 1) {
      truncatedTail = true;
      break;
    }
    if (!isRecord(value) || typeof value.type !== 'string') throw corrupt(i + 1, 'unreadable line');
    if (value.type === 'run') continue;
    if (!EVENT_TYPES.has(value.type)) throw corrupt(i + 1, `unknown event type '${value.type}'`);
    events.push(value as SpoolEvent);
  }
  return { header: first as unknown as SpoolHeader, events, truncatedTail };
}
