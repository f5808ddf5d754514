// Turns the estimators' scores of every candidate (and, when measured, their probe metric) into the selection:
// a ranking per estimator, the mean-rank aggregate, and how well each ranking agrees with the measured one —
// Kendall's τ-b (tie-aware, ../stats/kendall-tau.ts) and the regret of picking the ranking's top candidate.
import { kendallTau } from '../stats/kendall-tau.ts';
import type { EstimatorId } from '../transferability/index.ts';
import { bestFirst, meanRanks, rankByScore } from './rank-candidates.ts';

/** An estimator's ranking, or the aggregate: candidates by their mean rank over the estimators. */
export type RankingId = EstimatorId | 'mean-rank';

export interface MeasuredMetric {
  metric: string;
  /** One value per candidate (NaN where undefined). */
  values: readonly number[];
  higherIsBetter: boolean;
}

export interface SelectionInput {
  candidates: readonly string[];
  estimators: readonly EstimatorId[];
  /** scores[c][e]: estimator e's score of candidate c (higher is better; NaN where the estimator failed). */
  scores: readonly (readonly number[])[];
  measured?: MeasuredMetric;
}

export interface RankAgreement {
  ranking: RankingId;
  /** Kendall's τ-b between the ranking's scores and the measured metric, over candidates where both are finite. */
  tau: number;
  /** Two-sided p of τ = 0 (exact without ties); with a handful of candidates it is rarely small. */
  pValue: number;
  /** Candidates the τ is computed over. */
  n: number;
  /** The candidate this ranking puts first, and how much of the metric choosing it loses against the measured best. */
  selected: string;
  regret: number;
}

export interface SelectionSummary {
  candidates: string[];
  estimators: EstimatorId[];
  /** ranks[e][c]: candidate c's rank (1 = best) by estimator e. */
  ranks: number[][];
  meanRank: number[];
  /** Rank of the mean rank (1 = best, ties mid-ranked): the aggregate ranking. */
  aggregateRank: number[];
  /** Candidate indices, best first by the aggregate. */
  order: number[];
  measuredRank?: number[];
  agreement: RankAgreement[];
}

export function summarizeSelection(input: SelectionInput): SelectionSummary {
  checkShape(input);
  const { candidates, estimators, scores, measured } = input;
  const scoreColumns = estimators.map((_, e) => candidates.map((_, c) => scores[c][e]));
  const ranks = scoreColumns.map((column) => rankByScore(column));
  const meanRank = meanRanks(ranks);
  const aggregateRank = rankByScore(meanRank, false);
  const summary: SelectionSummary = {
    candidates: [...candidates],
    estimators: [...estimators],
    ranks,
    meanRank,
    aggregateRank,
    order: bestFirst(aggregateRank),
    agreement: [],
  };
  if (measured === undefined) return summary;
  const rankings: { ranking: RankingId; goodness: readonly number[]; ranks: readonly number[] }[] = [
    ...estimators.map((ranking, e) => ({ ranking, goodness: scoreColumns[e], ranks: ranks[e] })),
    { ranking: 'mean-rank' as const, goodness: meanRank.map((r) => -r), ranks: aggregateRank },
  ];
  return {
    ...summary,
    measuredRank: rankByScore(measured.values, measured.higherIsBetter),
    agreement: rankings.map((r) => agreementWith(r.ranking, r.goodness, r.ranks, candidates, measured)),
  };
}

function agreementWith(
  ranking: RankingId,
  goodness: readonly number[],
  ranks: readonly number[],
  candidates: readonly string[],
  measured: MeasuredMetric,
): RankAgreement {
  const sign = measured.higherIsBetter ? 1 : -1;
  const both = goodness.map((_, c) => c).filter((c) => Number.isFinite(goodness[c]) && Number.isFinite(measured.values[c]));
  const tau = kendallTau(both.map((c) => goodness[c]), both.map((c) => sign * measured.values[c]));
  const selected = bestFirst(ranks)[0];
  const finiteMeasured = measured.values.filter(Number.isFinite).map((v) => sign * v);
  const best = finiteMeasured.length ? Math.max(...finiteMeasured) : Number.NaN;
  const regret = Number.isFinite(measured.values[selected]) ? best - sign * measured.values[selected] : Number.NaN;
  return { ranking, tau: tau.tau, pValue: tau.pValue, n: both.length, selected: candidates[selected], regret };
}

function checkShape({ candidates, estimators, scores, measured }: SelectionInput): void {
  if (candidates.length === 0) throw new RangeError('summarizeSelection: no candidates');
  if (estimators.length === 0) throw new RangeError('summarizeSelection: no estimators');
  if (scores.length !== candidates.length) throw new RangeError(`summarizeSelection: ${scores.length} score rows for ${candidates.length} candidates`);
  scores.forEach((row, c) => {
    if (row.length !== estimators.length) throw new RangeError(`summarizeSelection: candidate ${candidates[c]} has ${row.length} scores for ${estimators.length} estimators`);
  });
  if (measured && measured.values.length !== candidates.length) {
    throw new RangeError(`summarizeSelection: ${measured.values.length} measured values for ${candidates.length} candidates`);
  }
}
