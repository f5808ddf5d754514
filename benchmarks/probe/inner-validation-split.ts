// An inner validation split carved from one fold's training part for choosing hyper-parameters (the probe's λ,
// fine-tuning's stopping epoch): patient-grouped and class-stratified by patient, through the same splitter as the
// nested label fractions. Only the training part's labels and groups are read, so the test fold cannot leak in.
import type { Rng } from '../rng.ts';
import { nestedLabelFractions } from '../splits/label-fractions.ts';

export interface InnerSplit {
  /** Dataset indices the candidates are fitted on, ascending. */
  fit: number[];
  /** Dataset indices they are scored on, ascending; empty when the training part is too small to spare any. */
  validation: number[];
}

/**
 * Holds out about `validationFraction` of each class's patients of `train` (JS rounding; every class keeps at least
 * one patient in `fit`, so a class with a single patient is never validated on).
 */
export function innerValidationSplit(
  train: readonly number[],
  labels: readonly number[],
  groups: readonly string[],
  validationFraction: number,
  rng: Rng,
): InnerSplit {
  if (!(validationFraction > 0 && validationFraction < 1)) {
    throw new RangeError(`validationFraction must be in (0, 1) (got ${validationFraction})`);
  }
  // Positions 0..n−1 of the training part stand in for dataset indices, so the splitter never sees other samples.
  const localLabels = train.map((index) => labels[index]);
  const localGroups = train.map((index) => groups[index]);
  const positions = localLabels.map((_, position) => position);
  const keep = 1 - validationFraction;
  const fitPositions = new Set(nestedLabelFractions(positions, localLabels, localGroups, [keep], rng).get(keep));
  const fit: number[] = [];
  const validation: number[] = [];
  train.forEach((index, position) => (fitPositions.has(position) ? fit : validation).push(index));
  return { fit: fit.sort((a, b) => a - b), validation: validation.sort((a, b) => a - b) };
}
