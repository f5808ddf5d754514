// Bootstrap resampling of sample indices, either i.i.d. samples or whole clusters (patients): a cluster
// bootstrap draws patients with replacement and keeps all of a drawn patient's samples together (Field & Welsh 2007).
import type { Rng } from '../rng.ts';

export type GroupId = string | number;

/** Draws one resample of sample indices 0..n-1. */
export type IndexSampler = (rng: Rng) => number[];

/** An i.i.d. sampler when groups is undefined, else a cluster sampler over the distinct groups. */
export function makeIndexSampler(n: number, groups: readonly GroupId[] | undefined): IndexSampler {
  checkSampleCount(n);
  // Plain loops rather than Array.from / push(...spread): the samplers dominate bootstrap time, and the draw
  // sequence (one rng.int per sample or per group, in order) is unchanged.
  if (groups === undefined) {
    return (rng) => {
      const drawn = new Array<number>(n);
      for (let i = 0; i < n; i++) drawn[i] = rng.int(n);
      return drawn;
    };
  }
  if (groups.length !== n) {
    throw new RangeError(`groups has ${groups.length} entries but there are ${n} samples`);
  }
  const members = indicesByGroup(groups);
  const groupCount = members.length;
  return (rng) => {
    const drawn: number[] = [];
    for (let g = 0; g < groupCount; g++) {
      const group = members[rng.int(groupCount)];
      for (let j = 0; j < group.length; j++) drawn.push(group[j]);
    }
    return drawn;
  };
}

/** Sample indices of each distinct group, groups in order of first appearance. */
export function indicesByGroup(groups: readonly GroupId[]): number[][] {
  const byGroup = new Map<GroupId, number[]>();
  groups.forEach((group, index) => {
    const members = byGroup.get(group);
    if (members === undefined) byGroup.set(group, [index]);
    else members.push(index);
  });
  return [...byGroup.values()];
}

function checkSampleCount(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`bootstrap needs a positive sample count (got ${n})`);
}
