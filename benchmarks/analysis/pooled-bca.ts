// The BCa interval of a pooled out-of-fold metric, resampling patients, reported beside the percentile interval
// (Efron 1987): it corrects the percentile interval's bias and skew, which matter for metrics bounded near 1.
import type { Interval } from '../../dsl/results.ts';
import type { Rng } from '../rng.ts';
import { bcaBootstrapCi } from '../stats/bca.ts';
import type { IndexStatistic } from '../stats/bootstrap.ts';

/** `{ bca }` to spread into a MetricSummary, or `{}` when BCa is undefined on this sample (e.g. z₀ infinite). */
export function pooledBca(
  statistic: IndexStatistic,
  n: number,
  groups: readonly string[],
  stats: { bootstrap: number; confidence: number },
  rng: Rng,
): { bca?: Interval } {
  const result = bcaBootstrapCi(statistic, n, { rng, resamples: stats.bootstrap, confidence: stats.confidence, groups });
  if (!result.defined) return {};
  return { bca: { lower: result.lower, upper: result.upper, confidence: stats.confidence, method: 'BCa bootstrap over patients' } };
}
