// Retry policy for calls to the tracking server: exponential backoff on connection errors and on the
// HTTP statuses MLflow's own client treats as transient (rest_utils._TRANSIENT_FAILURE_RESPONSE_CODES).

export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables retrying. */
  maxRetries: number;
  /** Delay before the first retry, doubled for each further one. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Injectable so tests do not wait. */
  sleep: (ms: number) => Promise<void>;
}

export const TRANSIENT_HTTP_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

export const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// 0.5 + 1 + 2 + 4 s: a server restart or a proxy blip is ridden out; a real outage is detected in ~8 s.
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 4,
  initialDelayMs: 500,
  maxDelayMs: 8_000,
  sleep: defaultSleep,
};

export function backoffDelay(policy: RetryPolicy, retryIndex: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** retryIndex);
}
