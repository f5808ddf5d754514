// Exact null distribution of the Wilcoxon signed-rank sum R⁺ for n untied, non-zero differences: each rank
// 1..n joins R⁺ with probability ½ independently, so P(R⁺ = s) follows by convolution (Wilcoxon 1945).
// Kept as probabilities (halving at each step) rather than counts, which pass 2⁵³ beyond n = 50.

const cache = new Map<number, Float64Array>();

/** pmf[s] = P(R⁺ = s), s = 0..n(n+1)/2. */
export function signedRankPmf(n: number): Float64Array {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`signed-rank distribution needs n ≥ 0 (got ${n})`);
  const cached = cache.get(n);
  if (cached) return cached;
  const total = (n * (n + 1)) / 2;
  let pmf = new Float64Array(total + 1);
  pmf[0] = 1;
  for (let rank = 1; rank <= n; rank++) {
    const next = new Float64Array(total + 1);
    const reach = (rank * (rank - 1)) / 2;
    for (let s = 0; s <= reach; s++) {
      next[s] += 0.5 * pmf[s];
      next[s + rank] += 0.5 * pmf[s];
    }
    pmf = next;
  }
  cache.set(n, pmf);
  return pmf;
}
