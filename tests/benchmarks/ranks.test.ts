// Mid-ranks against hand-computed scipy.stats.rankdata(method='average') values and the tie term Σ t³ − t.
import { describe, expect, it } from 'vitest';
import { midranks, tieCubeSum } from '../../benchmarks/stats/ranks.ts';

describe('midranks', () => {
  it('averages the ranks of ties and lists the tie groups', () => {
    // sorted: 1 (rank 1), 2 2 (ranks 2, 3 → 2.5), 5 (4), 7 7 7 (5, 6, 7 → 6)
    const { ranks, tieSizes } = midranks([7, 2, 5, 7, 1, 2, 7]);
    expect(Array.from(ranks)).toEqual([6, 2.5, 4, 6, 1, 2.5, 6]);
    expect(tieSizes.sort()).toEqual([2, 3]);
    expect(tieCubeSum(tieSizes)).toBe(6 + 24);
  });

  it('handles empty input, a single value and negative numbers', () => {
    expect(Array.from(midranks([]).ranks)).toEqual([]);
    expect(Array.from(midranks([-3]).ranks)).toEqual([1]);
    expect(Array.from(midranks([-1, -5, 0]).ranks)).toEqual([2, 1, 3]);
  });
});
