// Rankings, the mean-rank aggregate and agreement with a measured ranking, on constructed scores whose ranks, τ-b
// and regrets are counted by hand in the comments.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { bestFirst, meanRanks, rankByScore } from '../../benchmarks/selection/rank-candidates.ts';
import { summarizeSelection } from '../../benchmarks/selection/summarize-selection.ts';
import { ESTIMATOR_IDS, type EstimatorId } from '../../benchmarks/transferability/index.ts';
import { DEFAULTS } from '../../dsl/defaults.ts';
import type { TransferabilityEstimatorId } from '../../dsl/types.ts';

describe('rankByScore', () => {
  it('ranks 1 = best with mid-ranks for ties, as scipy.stats.rankdata on the negated scores', () => {
    expect(rankByScore([0.9, 0.5, 0.5, 0.1])).toEqual([1, 2.5, 2.5, 4]);
    expect(rankByScore([0.9, 0.5, 0.5, 0.1], false)).toEqual([4, 2.5, 2.5, 1]);
  });

  it('puts failed (non-finite) scores last, tied among themselves', () => {
    expect(rankByScore([Number.NaN, 2, Number.NaN, 3])).toEqual([3.5, 2, 3.5, 1]);
    expect(rankByScore([Number.NaN, 2, 1], false)).toEqual([3, 2, 1]);
  });
});

describe('meanRanks and bestFirst', () => {
  it('averages each candidate over the rankings and orders best first, ties in the given order', () => {
    const mean = meanRanks([
      [1, 2, 3],
      [3, 2, 1],
      [1, 3, 2],
    ]);
    expect(mean).toEqual([5 / 3, 7 / 3, 2]);
    expect(bestFirst(mean)).toEqual([0, 2, 1]);
    expect(bestFirst([2, 1, 1])).toEqual([1, 2, 0]);
  });

  it('rejects rankings of different lengths and an empty list', () => {
    expect(() => meanRanks([[1, 2], [1]])).toThrow(/different numbers of candidates/);
    expect(() => meanRanks([])).toThrow(/at least one ranking/);
  });
});

describe('summarizeSelection on constructed scores', () => {
  // scores[c][e] for estimators logme, parc, sfda; sfda failed on A.
  const candidates = ['A', 'B', 'C', 'D'];
  const estimators: EstimatorId[] = ['logme', 'parc', 'sfda'];
  const scores = [
    [0.9, 10, Number.NaN],
    [0.5, 30, 0.2],
    [0.5, 20, 0.4],
    [0.1, 40, 0.1],
  ];
  const measured = { metric: 'accuracy', values: [0.6, 0.7, 0.65, 0.5], higherIsBetter: true };
  const summary = summarizeSelection({ candidates, estimators, scores, measured });

  it('ranks per estimator and aggregates by mean rank', () => {
    expect(summary.ranks).toEqual([
      [1, 2.5, 2.5, 4], // logme: A, then B = C, then D
      [4, 2, 3, 1], // parc: D, B, C, A
      [4, 2, 1, 3], // sfda: C, B, D, then the failed A
    ]);
    expect(summary.meanRank).toEqual([3, 6.5 / 3, 6.5 / 3, 8 / 3]);
    expect(summary.aggregateRank).toEqual([4, 1.5, 1.5, 3]);
    expect(summary.order).toEqual([1, 2, 3, 0]);
    expect(summary.measuredRank).toEqual([3, 1, 2, 4]);
  });

  it('gives Kendall τ-b against the measured metric, over the candidates each estimator scored', () => {
    const byRanking = Object.fromEntries(summary.agreement.map((a) => [a.ranking, a]));
    // logme vs accuracy: pairs AB, AC discordant; AD, BD, CD concordant; BC tied in logme → (3 − 2)/√(5·6).
    expect(byRanking.logme.tau).toBeCloseTo(1 / Math.sqrt(30), 14);
    // parc: AB, AC, BC concordant; AD, BD, CD discordant.
    expect(byRanking.parc.tau).toBeCloseTo(0, 14);
    // sfda over B, C, D only: BC discordant, BD and CD concordant → 1/3.
    expect(byRanking.sfda).toMatchObject({ n: 3 });
    expect(byRanking.sfda.tau).toBeCloseTo(1 / 3, 14);
    // mean rank (lower is better): AB, AC, BD, CD concordant, AD discordant, BC tied → 3/√30.
    expect(byRanking['mean-rank'].tau).toBeCloseTo(3 / Math.sqrt(30), 14);
    expect(summary.agreement.map((a) => a.ranking)).toEqual(['logme', 'parc', 'sfda', 'mean-rank']);
  });

  it('reports the candidate each ranking selects and the measured metric that choice loses', () => {
    const picks = summary.agreement.map((a) => [a.ranking, a.selected, Number(a.regret.toFixed(12))]);
    expect(picks).toEqual([
      ['logme', 'A', 0.1],
      ['parc', 'D', 0.2],
      ['sfda', 'C', 0.05],
      ['mean-rank', 'B', 0],
    ]);
  });

  it('treats a lower-is-better measured metric by its direction', () => {
    const loss = { metric: 'log-loss', values: [0.4, 0.3, 0.35, 0.5], higherIsBetter: false };
    const flipped = summarizeSelection({ candidates, estimators, scores, measured: loss });
    expect(flipped.measuredRank).toEqual(summary.measuredRank);
    expect(flipped.agreement.map((a) => a.tau)).toEqual(summary.agreement.map((a) => a.tau));
    expect(flipped.agreement[1].regret).toBeCloseTo(0.2, 12);
  });

  it('has no agreement without a measurement, and checks the shape of its input', () => {
    expect(summarizeSelection({ candidates, estimators, scores }).agreement).toEqual([]);
    expect(() => summarizeSelection({ candidates, estimators, scores: scores.slice(1) })).toThrow(/3 score rows for 4 candidates/);
    expect(() => summarizeSelection({ candidates: ['A'], estimators, scores: [[1, 2]] })).toThrow(/has 2 scores for 3 estimators/);
  });
});

describe('the spec and the estimator registry', () => {
  it('name the same estimators, and the spec defaults to all of them', () => {
    expectTypeOf<TransferabilityEstimatorId>().toEqualTypeOf<EstimatorId>();
    expect([...DEFAULTS.select.estimators].sort()).toEqual([...ESTIMATOR_IDS].sort());
  });
});
