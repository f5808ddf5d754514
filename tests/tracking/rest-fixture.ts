// Shared set-up for the REST tests: a stand-in server per test, sinks that never really sleep
// (the delays they asked for are recorded), and raw JSON reads that bypass the client's decoding.
import { afterEach } from 'vitest';
import { RestSink, type RestSinkOptions } from '../../tracking/rest/rest-sink.ts';
import { startStandin, type MlflowStandin, type StandinOptions } from './rest-standin.ts';
import { steppingClock } from './temp-store.ts';

const running: MlflowStandin[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

export async function standin(options: StandinOptions = {}): Promise<MlflowStandin> {
  const server = await startStandin(options);
  running.push(server);
  return server;
}

export interface TestSink {
  sink: RestSink;
  sleeps: number[];
}

let keyCounter = 0;

export function testSink(url: string, options: RestSinkOptions = {}): TestSink {
  const sleeps: number[] = [];
  const sink = new RestSink(url, {
    env: {},
    now: steppingClock(),
    user: 'tester',
    sourceName: 'bench',
    newClientRunKey: () => `k${(keyCounter += 1)}`,
    ...options,
    retry: { sleep: async (ms) => void sleeps.push(ms), ...options.retry },
  });
  return { sink, sleeps };
}

/** GET an MLflow endpoint and return the raw JSON, independent of the client under test. */
export async function rawGet(url: string, path: string, query: Record<string, string>): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}/api/2.0/mlflow/${path}?${new URLSearchParams(query)}`);
  return (await res.json()) as Record<string, unknown>;
}

export type RawRun = {
  info: Record<string, unknown>;
  data: { params?: { key: string; value: string }[]; tags?: { key: string; value: string }[]; metrics?: Record<string, unknown>[] };
};

export async function rawRun(url: string, runId: string): Promise<RawRun> {
  return (await rawGet(url, 'runs/get', { run_id: runId })).run as RawRun;
}

export function asRecord(list: { key: string; value: string }[] | undefined): Record<string, string> {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, kv.value]));
}

export async function rawHistory(url: string, runId: string, key: string): Promise<Record<string, unknown>[]> {
  const body = await rawGet(url, 'metrics/get-history', { run_id: runId, metric_key: key, max_results: '100000' });
  return (body.metrics as Record<string, unknown>[] | undefined) ?? [];
}
