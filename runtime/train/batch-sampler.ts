// Epoch-wise shuffled mini-batches without replacement (a DataLoader with shuffle=True, drop_last=True).
// The batch of step s depends only on the stream's seed and s: `skip(s)` replays the draws to get there.
import type { Rng } from '../../benchmarks/rng.ts';

/** What DINO's step loop needs of a sampler: the next batch, a look ahead, a replay to a step, and the epoch. */
export interface StepBatchSampler {
  readonly epoch: number;
  next(): number[];
  peek(): number[];
  skip(steps: number): void;
}

export class BatchSampler implements StepBatchSampler {
  private order: number[] = [];
  private cursor = 0;
  epoch = 0;

  constructor(
    private readonly size: number,
    private readonly batchSize: number,
    private readonly rng: Rng,
  ) {
    if (batchSize > size) throw new Error(`batch of ${batchSize} from ${size} items`);
  }

  /** The batch `next()` will return, without consuming it. */
  peek(): number[] {
    const batch = this.next();
    this.cursor -= this.batchSize;
    return batch;
  }

  /**
   * Moves to where `steps` calls of next() from a fresh sampler would leave it (a resumed run). Replaying
   * costs one shuffle per epoch and keeps the batch order of an uninterrupted run, draw for draw.
   */
  skip(steps: number): void {
    for (let s = 0; s < steps; s++) this.next();
  }

  next(): number[] {
    if (this.order.length === 0 || this.cursor + this.batchSize > this.order.length) {
      if (this.order.length > 0) this.epoch++;
      this.order = this.rng.shuffle(Array.from({ length: this.size }, (_, i) => i));
      this.cursor = 0;
    }
    const batch = this.order.slice(this.cursor, this.cursor + this.batchSize);
    this.cursor += this.batchSize;
    return batch;
  }
}
