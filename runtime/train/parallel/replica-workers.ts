// Main-thread handles on replica worker threads, kept in a small pool so that repeated trainings (the
// supervised baseline runs 15 times per job) do not pay the ~1.5 s start-up of tfjs in a new thread.
// Idle workers are unref'd: they never keep the process alive, and are ref'd while a reply is awaited.
import { Worker } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './protocol.ts';

const ENTRY = new URL('./replica-worker-entry.mjs', import.meta.url);

export class ReplicaWorker {
  private readonly worker: Worker;
  private readonly pending: Array<{ resolve: (m: FromWorker) => void; reject: (e: Error) => void }> = [];
  private failure: Error | undefined;

  constructor() {
    this.worker = new Worker(ENTRY);
    this.worker.unref();
    this.worker.on('message', (message: FromWorker) => {
      if (message.type === 'error') {
        this.fail(new Error(`replica worker: ${message.message}`));
        return;
      }
      this.pending.shift()?.resolve(message);
      if (this.pending.length === 0) this.worker.unref();
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`replica worker exited with code ${code}`)));
  }

  get healthy(): boolean {
    return this.failure === undefined;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const p of this.pending.splice(0)) p.reject(error);
    this.worker.unref();
  }

  /** Sends a message that the worker answers (init, step, checksum, dispose). */
  request(message: ToWorker): Promise<FromWorker> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.worker.ref();
      this.worker.postMessage(message);
    });
  }

  /** Sends a message without a reply (apply); a failure surfaces at the next request. */
  post(message: ToWorker): void {
    if (!this.failure) this.worker.postMessage(message);
  }

  terminate(): Promise<number> {
    this.failure ??= new Error('replica worker terminated');
    return this.worker.terminate();
  }
}

const pool: ReplicaWorker[] = [];

/** `n` healthy workers from the pool, starting new ones as needed. */
export function acquireWorkers(n: number): ReplicaWorker[] {
  for (let i = pool.length - 1; i >= 0; i--) if (!pool[i].healthy) pool.splice(i, 1);
  while (pool.length < n) pool.push(new ReplicaWorker());
  return pool.slice(0, n);
}

/** Stops every pooled worker (tests, or a long-lived host that wants its memory back). */
export async function shutdownReplicaWorkers(): Promise<void> {
  await Promise.all(pool.splice(0).map((w) => w.terminate()));
}
