// The result a statistic returns when the data cannot define it (one class, no spread, nothing to rank), with
// the reason spelt out, so that a caller never receives a silent NaN and a report can say why a cell is empty.

export type DegenerateReason =
  /** No samples at all (an empty fold). */
  | 'empty'
  /** Only one class present, where the statistic needs both (AUROC, AP, DeLong). */
  | 'single-class'
  /** No positive samples: sensitivity has a 0/0. */
  | 'no-positives'
  /** No negative samples: specificity has a 0/0. */
  | 'no-negatives'
  /** Fewer samples than the estimator needs (a variance from one value, DeLong with one positive). */
  | 'too-few-samples'
  /** Every value identical: the test statistic is 0/0 or ±∞. */
  | 'zero-variance'
  /** Every paired difference is zero, so there is nothing to rank. */
  | 'all-differences-zero'
  /** Every block's values are tied, so the rank statistic is 0/0. */
  | 'all-tied'
  /** The bootstrap or jackknife distribution has no spread, or the estimate lies outside it (BCa z₀ = ±∞). */
  | 'degenerate-bootstrap';

export interface Degenerate {
  defined: false;
  reason: DegenerateReason;
  /** A sentence for the report, with the counts that made the input degenerate. */
  detail: string;
}

export function degenerate(reason: DegenerateReason, detail: string): Degenerate {
  return { defined: false, reason, detail };
}

/** Narrows a result union to its defined branch. */
export function isDefined<T extends { defined: boolean }>(result: T): result is Extract<T, { defined: true }> {
  return result.defined;
}
