// Sweep grid expansion: the cartesian product of the sweep's value lists, keys in written order and
// the last key varying fastest (like nested for-loops written top to bottom).
import type { SweepValue } from './types.ts';

export type SweepPoint = Record<string, SweepValue>;

/** Every point of the grid; an absent or empty sweep gives the single empty point. */
export function expandGrid(sweep: Record<string, readonly SweepValue[]> | undefined): SweepPoint[] {
  let points: SweepPoint[] = [{}];
  for (const [key, values] of Object.entries(sweep ?? {})) {
    points = points.flatMap((point) => values.map((value) => ({ ...point, [key]: value })));
  }
  return points;
}

/** Number of grid points, without building them. */
export function gridSize(sweep: Record<string, readonly SweepValue[]> | undefined): number {
  return Object.values(sweep ?? {}).reduce((size, values) => size * values.length, 1);
}
