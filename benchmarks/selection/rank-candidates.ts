// Rankings of candidate backbones: each estimator ranks the candidates by its score, and the aggregate ranks them
// by their mean rank over the estimators (a Borda count), since the estimators' scores live on unrelated scales
// (LogME is a log-evidence per sample, PARC a correlation × 100, SFDA/ITM accuracies) and cannot be averaged.
import { midranks } from '../stats/ranks.ts';

/**
 * 1-based ranks, 1 = best, ties sharing their mid-rank (scipy.stats.rankdata 'average'). A candidate whose score
 * is not finite (the estimator failed on its features) ranks below every scored one, tied with the other failures.
 */
export function rankByScore(scores: readonly number[], higherIsBetter = true): number[] {
  const badness = scores.map((s) => (Number.isFinite(s) ? (higherIsBetter ? -s : s) : Number.POSITIVE_INFINITY));
  return Array.from(midranks(badness).ranks);
}

/** Each candidate's mean rank over the rankings given (one array of ranks per estimator, candidates in one order). */
export function meanRanks(rankings: readonly (readonly number[])[]): number[] {
  if (rankings.length === 0) throw new RangeError('meanRanks: needs at least one ranking');
  const count = rankings[0].length;
  for (const ranking of rankings) {
    if (ranking.length !== count) throw new RangeError(`meanRanks: rankings cover different numbers of candidates (${ranking.length} vs ${count})`);
  }
  return Array.from({ length: count }, (_, c) => rankings.reduce((sum, ranking) => sum + ranking[c], 0) / rankings.length);
}

/** Candidate indices from best to worst by their ranks (ties keep the given order). */
export function bestFirst(ranks: readonly number[]): number[] {
  return ranks.map((_, i) => i).sort((a, b) => ranks[a] - ranks[b] || a - b);
}
