// Sites (hospitals/scanners) of a synthetic cohort: unequal shares, as multi-centre cohorts have one or two
// large contributors and a tail of small ones, so leave-one-site-out studies see realistic imbalance.
import type { Rng } from '../../../benchmarks/rng.ts';

/** Shares ∝ 1/(k + 1) (Zipf), normalised: 3 sites → 0.55, 0.27, 0.18. */
export function siteShares(sites: number): number[] {
  const weights = Array.from({ length: sites }, (_, k) => 1 / (k + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}

/** A site index drawn with the given shares. */
export function drawSite(shares: readonly number[], rng: Rng): number {
  let r = rng.next();
  for (let k = 0; k < shares.length - 1; k++) {
    if (r < shares[k]) return k;
    r -= shares[k];
  }
  return shares.length - 1;
}
