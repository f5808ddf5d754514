// Result of a score-based metric: a value, or a Degenerate with its reason when the input cannot define one
// (empty fold, one class present). Caveats flag values that are defined but uninformative.
import { degenerate, type Degenerate } from '../stats/degenerate.ts';

export type MetricCaveat =
  /** Every score is equal: AUROC is 0.5 and AP the prevalence by construction, whatever the model learnt. */
  | 'all-scores-tied'
  /** A one-vs-rest average left out classes absent from yTrue (their AUROC/AP is undefined). */
  | 'classes-left-out';

export interface MetricValue {
  defined: true;
  value: number;
  caveats: MetricCaveat[];
}

export type MetricResult = MetricValue | Degenerate;

export function metricValue(value: number, caveats: MetricCaveat[] = []): MetricValue {
  return { defined: true, value, caveats };
}

/** Degenerate unless binary yTrue holds both classes (the ranking metrics need a positive and a negative). */
export function requireBothClasses(yTrue: readonly number[]): Degenerate | undefined {
  if (yTrue.length === 0) return degenerate('empty', 'no samples');
  let positives = 0;
  for (const label of yTrue) positives += label;
  if (positives === 0) return degenerate('single-class', `all ${yTrue.length} samples are negative`);
  if (positives === yTrue.length) return degenerate('single-class', `all ${yTrue.length} samples are positive`);
  return undefined;
}
