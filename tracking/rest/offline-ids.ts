// Stand-in ids handed out while the tracking server is unreachable, so the caller can go on logging
// (and name a parent run) before the real ids exist. They are derived, not random, so any process
// can read the client key back out of one; replay swaps them for the server's ids.
import { createHash } from 'node:crypto';

const OFFLINE_RUN_PREFIX = 'offline-run-';
const OFFLINE_EXPERIMENT_PREFIX = 'offline-exp-';

export function offlineRunId(clientRunKey: string): string {
  return `${OFFLINE_RUN_PREFIX}${clientRunKey}`;
}

/** The client run key inside an offline run id, or undefined for a server run id. */
export function clientKeyOfOfflineRunId(runId: string): string | undefined {
  return runId.startsWith(OFFLINE_RUN_PREFIX) ? runId.slice(OFFLINE_RUN_PREFIX.length) : undefined;
}

export function offlineExperimentId(name: string): string {
  return `${OFFLINE_EXPERIMENT_PREFIX}${createHash('sha256').update(name).digest('hex').slice(0, 40)}`;
}

export function isOfflineExperimentId(experimentId: string): boolean {
  return experimentId.startsWith(OFFLINE_EXPERIMENT_PREFIX);
}
