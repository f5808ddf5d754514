// `bench sync`: replays every spool file of a folder into the tracking server each file was written
// for (or into one given server), and sums up what happened for the command's output.
import { readFile } from 'node:fs/promises';
import type { MlflowRestClientOptions } from './client.ts';
import { listSpoolFiles, replaySpoolFiles, type ReplayReport } from './replay.ts';
import { RestSink } from './rest-sink.ts';
import { parseSpoolFile } from './spool-format.ts';

export interface SyncOptions extends MlflowRestClientOptions {
  /** Replay into this server instead of the one recorded in each file (e.g. the server moved). */
  trackingUri?: string;
}

export interface SyncSummary {
  files: number;
  replayed: number;
  failed: number;
  runsCreated: number;
  pointsSent: number;
  pointsSkipped: number;
}

async function recordedUri(path: string): Promise<string | undefined> {
  try {
    return parseSpoolFile(await readFile(path, 'utf8'), path).header.trackingUri;
  } catch {
    return undefined; // reported as failed when replayed
  }
}

export async function syncSpool(spoolDir: string, options: SyncOptions = {}): Promise<ReplayReport> {
  const { trackingUri, ...clientOptions } = options;
  const groups = new Map<string, string[]>();
  const report: ReplayReport = { files: [] };
  for (const path of await listSpoolFiles(spoolDir)) {
    const uri = trackingUri ?? (await recordedUri(path));
    if (uri === undefined) {
      report.files.push({ file: path, clientRunKey: '', trackingUri: '', status: 'failed', created: false, pointsSent: 0, pointsSkipped: 0, error: 'unreadable spool file' });
      continue;
    }
    groups.set(uri, [...(groups.get(uri) ?? []), path]);
  }
  for (const [uri, paths] of groups) {
    // No spoolDir: a replay that cannot reach the server must fail and keep its files, not re-spool.
    const sink = new RestSink(uri, clientOptions);
    report.files.push(...(await replaySpoolFiles(paths, sink)).files);
  }
  return report;
}

export function summarizeReplay(report: ReplayReport): SyncSummary {
  const replayed = report.files.filter((f) => f.status === 'replayed');
  return {
    files: report.files.length,
    replayed: replayed.length,
    failed: report.files.length - replayed.length,
    runsCreated: replayed.filter((f) => f.created).length,
    pointsSent: replayed.reduce((n, f) => n + f.pointsSent, 0),
    pointsSkipped: replayed.reduce((n, f) => n + f.pointsSkipped, 0),
  };
}
