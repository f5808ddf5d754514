// Replays spool files into a tracking server once it is reachable again, without duplicating
// anything: a run created offline is first looked up by its orthobench.clientRunKey tag, metric
// points already on the server (same key, step and timestamp) are skipped, params and tags are
// idempotent, artifacts are overwritten. A file is deleted once replayed; a failed one is kept.
import { readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TrackingError } from '../errors.ts';
import type { StampedMetricPoint } from '../metric-point.ts';
import type { TrackedRun, TrackingSink } from '../sink.ts';
import type { HistoryPoint } from './client.ts';
import { HistoryFilter, byStepAndTimestamp } from './history-filter.ts';
import { RestSink } from './rest-sink.ts';
import { CLIENT_RUN_KEY_TAG } from './run-tags.ts';
import { SPOOL_EXTENSION, parseSpoolFile, type SpoolEvent, type SpoolFile, type SpoolHeader } from './spool-format.ts';
import { decodeMetricValue } from './wire.ts';

/** A sink that can also read metric history back (RestSink); it must not spool itself. */
export interface ReplayTarget extends TrackingSink {
  getMetricHistory(runId: string, key: string): Promise<HistoryPoint[]>;
}

export interface ReplayedFile {
  file: string;
  clientRunKey: string;
  trackingUri: string;
  status: 'replayed' | 'failed';
  runId?: string;
  /** True when the run did not exist on the server and replay created it. */
  created: boolean;
  pointsSent: number;
  pointsSkipped: number;
  error?: string;
}

export interface ReplayReport {
  files: ReplayedFile[];
}

interface ClaimedFile {
  path: string;
  spool: SpoolFile;
}

class ParentNotReplayed extends Error {}

let claimCounter = 0;

/** The *.jsonl files of a spool folder (none if it does not exist). */
export async function listSpoolFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => name.endsWith(SPOOL_EXTENSION)).sort().map((name) => join(dir, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/**
 * Renames the file before reading it, so a second `bench sync` cannot replay it too, and a job
 * still logging to it starts a fresh file instead. undefined when someone else claimed it first.
 */
async function claim(path: string): Promise<ClaimedFile | undefined> {
  claimCounter += 1;
  const stem = path.slice(0, path.length - SPOOL_EXTENSION.length).replace(/\.replaying-[^/]*$/, '');
  const claimed = `${stem}.replaying-${process.pid}-${claimCounter}${SPOOL_EXTENSION}`;
  try {
    await rename(path, claimed);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return { path: claimed, spool: parseSpoolFile(await readFile(claimed, 'utf8'), claimed) };
}

function decodePoints(event: Extract<SpoolEvent, { type: 'metrics' }>): StampedMetricPoint[] {
  return event.points.map((p) => ({ key: p.key, value: decodeMetricValue(p.value, 'spooled metric'), step: p.step, timestamp: p.timestamp }));
}

async function experimentOf(header: SpoolHeader, sink: ReplayTarget): Promise<string> {
  if (header.runId !== undefined && header.experimentId !== undefined) return header.experimentId;
  if (header.experimentName !== undefined) return sink.getOrCreateExperiment(header.experimentName);
  if (header.experimentId !== undefined) return header.experimentId;
  throw new TrackingError('CORRUPT_STORE', `Spool header of run key ${header.clientRunKey} names no experiment.`);
}

async function openRun(header: SpoolHeader, sink: ReplayTarget, result: ReplayedFile): Promise<TrackedRun> {
  const experimentId = await experimentOf(header, sink);
  const discardMetrics = header.resume?.discardMetrics === true;
  if (header.runId !== undefined) return sink.resumeRun(experimentId, header.runId, { discardMetrics });
  const existing = await sink.findRunByTag(experimentId, CLIENT_RUN_KEY_TAG, header.clientRunKey);
  if (existing !== undefined) return sink.resumeRun(experimentId, existing);
  const create = header.create;
  if (create === undefined) throw new TrackingError('CORRUPT_STORE', `Spool header of run key ${header.clientRunKey} has neither a run id nor creation details.`);
  let parentRunId: string | undefined;
  if (create.parent !== undefined) {
    parentRunId = 'runId' in create.parent ? create.parent.runId : await sink.findRunByTag(experimentId, CLIENT_RUN_KEY_TAG, create.parent.clientRunKey);
    if (parentRunId === undefined) throw new ParentNotReplayed();
  }
  result.created = true;
  return sink.createRun(experimentId, { runName: create.runName, startTime: create.startTime, tags: { ...create.tags, [CLIENT_RUN_KEY_TAG]: header.clientRunKey }, parentRunId });
}

async function replayEvents(run: TrackedRun, events: SpoolEvent[], dedupe: HistoryFilter | undefined, result: ReplayedFile): Promise<void> {
  for (const event of events) {
    switch (event.type) {
      case 'params':
        await run.logParams(event.params);
        break;
      case 'tags':
        await run.setTags(event.tags);
        break;
      case 'metrics': {
        const points = decodePoints(event);
        const { kept, dropped } = dedupe === undefined ? { kept: points, dropped: 0 } : await dedupe.keepNew(points);
        if (kept.length > 0) await run.logMetrics(kept);
        result.pointsSent += kept.length;
        result.pointsSkipped += dropped;
        break;
      }
      case 'artifact':
        await run.logArtifact(event.path, Buffer.from(event.base64, 'base64'));
        break;
      case 'end':
        await run.end(event.status, event.endTime);
        break;
    }
  }
}

async function replayFile(file: ClaimedFile, sink: ReplayTarget): Promise<ReplayedFile> {
  const { header, events } = file.spool;
  const result = emptyResult(file.path, header);
  const run = await openRun(header, sink, result);
  result.runId = run.runId;
  const dedupe = result.created ? undefined : new HistoryFilter((key) => sink.getMetricHistory(run.runId, key), byStepAndTimestamp);
  await replayEvents(run, events, dedupe, result);
  await rm(file.path, { force: true });
  return result;
}

/** Replays `paths` (spool files) into `sink`; parents are replayed before the runs that name them. */
export async function replaySpoolFiles(paths: string[], sink: ReplayTarget): Promise<ReplayReport> {
  refuseSpoolingSink(sink);
  const report: ReplayReport = { files: [] };
  const claimed: ClaimedFile[] = [];
  for (const path of paths) {
    try {
      const file = await claim(path);
      if (file !== undefined) claimed.push(file);
    } catch (error) {
      report.files.push({ ...emptyResult(path, undefined), status: 'failed', error: (error as Error).message });
    }
  }
  claimed.sort((a, b) => a.spool.header.writtenAt - b.spool.header.writtenAt || a.spool.header.seq - b.spool.header.seq);
  let pending = claimed;
  let unreachable: string | undefined;
  // Each pass replays at least one file or stops, so there are at most as many passes as files.
  for (let pass = 0; pending.length > 0 && pass <= claimed.length; pass++) {
    const waiting: ClaimedFile[] = [];
    for (const file of pending) {
      if (unreachable !== undefined) {
        report.files.push(failure(file, `not attempted: ${unreachable}`));
        continue;
      }
      try {
        report.files.push(await replayFile(file, sink));
      } catch (error) {
        if (error instanceof ParentNotReplayed) {
          waiting.push(file);
          continue;
        }
        report.files.push(failure(file, (error as Error).message));
        // No point waiting out the retries once per remaining file.
        if (error instanceof TrackingError && error.code === 'UNAVAILABLE') unreachable = 'the tracking server is unreachable';
      }
    }
    if (waiting.length === pending.length) {
      for (const file of waiting) report.files.push(failure(file, 'its parent run is neither on the server nor in this spool folder'));
      break;
    }
    pending = waiting;
  }
  return report;
}

function emptyResult(path: string, header: SpoolHeader | undefined): ReplayedFile {
  return {
    file: path,
    clientRunKey: header?.clientRunKey ?? '',
    trackingUri: header?.trackingUri ?? '',
    status: 'replayed',
    created: false,
    pointsSent: 0,
    pointsSkipped: 0,
  };
}

function failure(file: ClaimedFile, message: string): ReplayedFile {
  return { ...emptyResult(file.path, file.spool.header), status: 'failed', error: message };
}

/** Replays every spool file in `dir` into `sink`, which must not spool itself. */
export async function replaySpool(dir: string, sink: ReplayTarget): Promise<ReplayReport> {
  return replaySpoolFiles(await listSpoolFiles(dir), sink);
}

function refuseSpoolingSink(sink: ReplayTarget): void {
  if (sink instanceof RestSink && sink.spoolDir !== undefined) {
    throw new TrackingError('INVALID_VALUE', 'Replay needs a sink without a spool folder: a failed replay must fail, not spool again.');
  }
}
