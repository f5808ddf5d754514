// Checks one metric point the way MLflow's `_validate_metric` does (numeric value, integer step,
// non-negative integer ms timestamp) and fills the timestamp, so every backend stores the same point.
import { TrackingError } from './errors.ts';
import { validateKey } from './names.ts';
import type { MetricPoint } from './sink.ts';

export type StampedMetricPoint = Required<MetricPoint>;

export function stampMetricPoint(point: MetricPoint, defaultTimestamp: number): StampedMetricPoint {
  validateKey('metric', point.key);
  const { key, value, step } = point;
  const timestamp = point.timestamp ?? defaultTimestamp;
  if (typeof value !== 'number') {
    throw new TrackingError('INVALID_VALUE', `Metric '${key}': value must be a number (got ${JSON.stringify(value)}).`);
  }
  if (!Number.isSafeInteger(step)) throw new TrackingError('INVALID_VALUE', `Metric '${key}': step must be an integer (got ${step}).`);
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new TrackingError('INVALID_VALUE', `Metric '${key}': timestamp must be a non-negative integer of ms (got ${timestamp}).`);
  }
  return { key, value, step, timestamp };
}
