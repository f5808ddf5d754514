// Synchronous data-parallel training over one in-process replica and N−1 worker-thread replicas: every step
// the shards' gradients are summed (fixed order, so every replica sees the same bits) and each replica
// applies the same update. Falls back to the in-process replica alone if workers cannot start.
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { slotView, type GradientBuffer, type ReplicaKind } from './protocol.ts';
import type { Replica } from './replica.ts';
import { acquireWorkers, type ReplicaWorker } from './replica-workers.ts';

/**
 * Replicas to use when the caller says 'auto': one per core up to 2 on the WASM/cpu backends (native
 * TensorFlow threads internally). ORTHOBENCH_REPLICAS overrides, e.g. 1 to disable worker threads.
 */
export function autoReplicas(): number {
  const forced = Number(process.env.ORTHOBENCH_REPLICAS);
  if (Number.isInteger(forced) && forced >= 1) return forced;
  if (!['wasm', 'cpu'].includes(tf.getBackend())) return 1;
  return Math.max(1, Math.min(2, availableParallelism()));
}

export class DataParallel<Step, Aux, Update> {
  private constructor(
    readonly local: Replica<Step, Aux, Update>,
    private readonly remotes: ReplicaWorker[],
    private readonly gradients: GradientBuffer,
    /** Why workers were not used, when a fallback happened. */
    readonly fallbackReason: string | undefined,
  ) {}

  /** Number of replicas actually running (1 after a fallback). */
  get size(): number {
    return this.remotes.length + 1;
  }

  static async start<Step, Aux, Update>(
    kind: ReplicaKind, init: unknown, local: Replica<Step, Aux, Update>, replicas: number,
  ): Promise<DataParallel<Step, Aux, Update>> {
    const size = local.gradientSize;
    const wanted = Math.max(0, replicas - 1);
    const buffer = new SharedArrayBuffer((wanted + 2) * size * 4);
    const gradients = (slot: number): GradientBuffer => ({ buffer, size, slot, summedSlot: wanted + 1 });
    if (wanted === 0) return new DataParallel(local, [], gradients(0), undefined);
    const workers = acquireWorkers(wanted);
    try {
      const replies = await Promise.all(
        workers.map((w, i) => w.request({ type: 'init', kind, init, backend: tf.getBackend(), gradients: gradients(i + 1) })),
      );
      for (const r of replies) {
        if (r.type !== 'ready' || r.gradientSize !== size) throw new Error(`replica disagrees on the parameter count (${JSON.stringify(r)})`);
      }
      return new DataParallel(local, workers, gradients(0), undefined);
    } catch (error) {
      await Promise.all(workers.map((w) => w.terminate()));
      return new DataParallel(local, [], gradients(0), error instanceof Error ? error.message : String(error));
    }
  }

  /** Runs shard r on replica r (shard 0 in-process) and sums the gradients; returns each shard's results. */
  async step(shards: Step[]): Promise<Aux[]> {
    if (shards.length !== this.size) throw new Error(`${shards.length} shards for ${this.size} replicas`);
    const remote = this.remotes.map((w, i) => w.request({ type: 'step', step: shards[i + 1] }));
    const localAux = this.local.computeShard(shards[0], slotView(this.gradients, 0));
    const replies = await Promise.all(remote);
    const aux = [localAux, ...replies.map((r) => (r.type === 'shard' ? (r.aux as Aux) : failReply(r)))];
    if (this.size > 1) {
      const sum = slotView(this.gradients, this.gradients.summedSlot);
      sum.set(slotView(this.gradients, 0));
      for (let r = 1; r < this.size; r++) {
        const g = slotView(this.gradients, r);
        for (let i = 0; i < g.length; i++) sum[i] += g[i];
      }
    }
    return aux;
  }

  /** Applies the summed gradient of the last step on every replica. */
  apply(update: Update): void {
    for (const w of this.remotes) w.post({ type: 'apply', update });
    const summed = this.size > 1 ? this.gradients.summedSlot : 0;
    this.local.apply(slotView(this.gradients, summed), update);
  }

  /** Weight checksums of all replicas (equal when the replicas stayed in lock-step). */
  async checksums(): Promise<number[]> {
    const remote = await Promise.all(this.remotes.map((w) => w.request({ type: 'checksum' })));
    return [this.local.checksum(), ...remote.map((r) => (r.type === 'checksum' ? r.value : failReply(r)))];
  }

  /** Frees the worker replicas (the workers stay pooled); the local replica is the caller's. */
  async release(): Promise<void> {
    await Promise.all(this.remotes.map((w) => w.request({ type: 'dispose' }).catch(() => w.terminate())));
  }
}

function failReply(reply: { type: string }): never {
  throw new Error(`unexpected reply from a replica worker: ${reply.type}`);
}
