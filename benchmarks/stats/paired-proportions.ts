// Confidence interval for the difference of two paired proportions: Newcombe's square-and-add interval
// (Newcombe 1998, Stat Med 17:2635, method 10), recommended over the Wald interval by Fagerland, Lydersen &
// Laake (2014) because it stays inside [−1, 1] and does not collapse to a point when there are no discordant pairs.
import jStat from 'jstat';

/** Paired 2×2 table of two classifiers' correctness on the same samples. */
export interface PairedTable {
  bothCorrect: number;
  /** A correct, B wrong (McNemar's b). */
  onlyA: number;
  /** A wrong, B correct (McNemar's c). */
  onlyB: number;
  bothWrong: number;
}

/** Wilson score interval for a binomial proportion x/n. */
export function wilsonInterval(x: number, n: number, confidence: number): [number, number] {
  const z = jStat.normal.inv(1 - (1 - confidence) / 2, 0, 1);
  const p = x / n;
  const centre = (x + (z * z) / 2) / (n + z * z);
  const halfWidth = ((z * Math.sqrt(n)) / (n + z * z)) * Math.sqrt(p * (1 - p) + (z * z) / (4 * n));
  return [centre - halfWidth, centre + halfWidth];
}

/** Newcombe square-and-add CI of accuracyA − accuracyB, with his continuity-corrected φ. */
export function newcombePairedDifferenceCi(table: PairedTable, confidence: number): [number, number] {
  const { bothCorrect: a, onlyA: b, onlyB: c, bothWrong: d } = table;
  const n = a + b + c + d;
  const p1 = (a + b) / n;
  const p2 = (a + c) / n;
  const [l1, u1] = wilsonInterval(a + b, n, confidence);
  const [l2, u2] = wilsonInterval(a + c, n, confidence);
  const phi = correctedPhi(table);
  const delta = p1 - p2;
  const lower = delta - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2));
  const upper = delta + Math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2 - 2 * phi * (p2 - l2) * (u1 - p1));
  return [lower, upper];
}

/**
 * Correlation between the two proportions; Newcombe shrinks a positive ad − bc by n/2 (to 0 at most) and takes
 * φ = 0 when any margin is empty (the correlation is then undefined).
 */
function correctedPhi(table: PairedTable): number {
  const { bothCorrect: a, onlyA: b, onlyB: c, bothWrong: d } = table;
  const n = a + b + c + d;
  const marginProduct = (a + b) * (c + d) * (a + c) * (b + d);
  if (marginProduct === 0) return 0;
  const cross = a * d - b * c;
  const corrected = cross > n / 2 ? cross - n / 2 : cross >= 0 ? 0 : cross;
  return corrected / Math.sqrt(marginProduct);
}
