// Early stopping on a validation loss with patience, keeping the best epoch (as Keras EarlyStopping with
// restore_best_weights): the caller snapshots the weights whenever `observe` reports an improvement.

export interface EarlyStoppingVerdict {
  /** This epoch's loss is the lowest so far: snapshot the weights. */
  improved: boolean;
  /** `patience` epochs in a row brought no improvement: stop and restore the best snapshot. */
  stop: boolean;
}

export class EarlyStopping {
  private best = Number.POSITIVE_INFINITY;
  private bestAt = 0;
  private seen = 0;

  /** An improvement must lower the best loss by more than `minDelta`. */
  constructor(readonly patience: number, readonly minDelta = 0) {
    if (!Number.isInteger(patience) || patience < 1) throw new RangeError(`patience must be a positive integer (got ${patience})`);
  }

  observe(loss: number): EarlyStoppingVerdict {
    this.seen++;
    // NaN never improves, so a diverging run stops and falls back to its best epoch
    const improved = loss < this.best - this.minDelta;
    if (improved) {
      this.best = loss;
      this.bestAt = this.seen;
    }
    return { improved, stop: this.seen - this.bestAt >= this.patience };
  }

  /** 1-based epoch with the lowest loss (0 before any improvement). */
  get bestEpoch(): number {
    return this.bestAt;
  }

  get bestLoss(): number {
    return this.best;
  }
}
