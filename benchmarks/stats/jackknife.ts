// Leave-one-out (jackknife) values of a statistic, the input of the BCa acceleration (Efron 1987). With groups,
// one whole group (patient) is left out at a time, matching the cluster bootstrap's unit of resampling.
import type { IndexStatistic } from './bootstrap.ts';
import { indicesByGroup, type GroupId } from './resample.ts';

/** θ₍ᵢ₎ for each left-out sample (or group, in order of first appearance). */
export function jackknifeValues(statistic: IndexStatistic, n: number, groups?: readonly GroupId[]): number[] {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`jackknife needs at least 2 samples (got ${n})`);
  if (groups !== undefined && groups.length !== n) {
    throw new RangeError(`groups has ${groups.length} entries but there are ${n} samples`);
  }
  const units = groups === undefined ? Array.from({ length: n }, (_, i) => [i]) : indicesByGroup(groups);
  if (units.length < 2) throw new RangeError('jackknife needs at least 2 groups');
  const unitOf = new Int32Array(n);
  units.forEach((members, u) => members.forEach((i) => (unitOf[i] = u)));
  return units.map((_, leftOut) => {
    const kept: number[] = [];
    for (let i = 0; i < n; i++) if (unitOf[i] !== leftOut) kept.push(i);
    return statistic(kept);
  });
}
