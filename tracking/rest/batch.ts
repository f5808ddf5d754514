// Splits what a run logs into runs/log-batch requests within MLflow's limits
// (mlflow/utils/validation.py: ≤ 1000 metrics, ≤ 100 params, ≤ 100 tags, ≤ 1000 entities and
// ≤ 1 MB of JSON per request). Packs greedily and keeps each kind in its original order, as MLflow
// applies the entities of one kind in request order.
import type { WireKeyValue, WireMetric } from './wire.ts';

export const MAX_METRICS_PER_BATCH = 1000;
export const MAX_PARAMS_TAGS_PER_BATCH = 100;
export const MAX_ENTITIES_PER_BATCH = 1000;
export const MAX_BATCH_REQUEST_BYTES = 1_000_000;

export interface LogBatchContent {
  metrics: WireMetric[];
  params: WireKeyValue[];
  tags: WireKeyValue[];
}

// Room for the run id, the field names and brackets around the entities.
const ENVELOPE_BYTES = 400;

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8') + 1; // + the separating comma
}

export function splitLogBatch(content: LogBatchContent): LogBatchContent[] {
  const batches: LogBatchContent[] = [];
  let current: LogBatchContent = { metrics: [], params: [], tags: [] };
  let bytes = ENVELOPE_BYTES;
  const count = () => current.metrics.length + current.params.length + current.tags.length;
  const flush = () => {
    if (count() > 0) batches.push(current);
    current = { metrics: [], params: [], tags: [] };
    bytes = ENVELOPE_BYTES;
  };
  const add = <K extends keyof LogBatchContent>(kind: K, item: LogBatchContent[K][number], limit: number) => {
    const size = jsonBytes(item);
    if (current[kind].length >= limit || count() >= MAX_ENTITIES_PER_BATCH || bytes + size > MAX_BATCH_REQUEST_BYTES) flush();
    (current[kind] as LogBatchContent[K][number][]).push(item);
    bytes += size;
  };
  for (const param of content.params) add('params', param, MAX_PARAMS_TAGS_PER_BATCH);
  for (const tag of content.tags) add('tags', tag, MAX_PARAMS_TAGS_PER_BATCH);
  for (const metric of content.metrics) add('metrics', metric, MAX_METRICS_PER_BATCH);
  flush();
  return batches;
}
