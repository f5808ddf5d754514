// Fair-coin binomial probabilities for the exact McNemar test, summed in log space so that tails far below
// 1e-300 (n in the thousands) neither underflow nor lose relative precision; jstat's binomial.cdf rounds to
// 10 decimals, which would read every small p-value as 0.

/** P(X = k) and P(X ≤ k) for X ~ Binomial(n, 1/2). */
export function fairBinomialTail(k: number, n: number): { pmf: number; cdf: number } {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`binomial n must be a non-negative integer (got ${n})`);
  if (!Number.isInteger(k) || k < 0 || k > n) throw new RangeError(`binomial k must be in [0, ${n}] (got ${k})`);
  const logHalfPower = -n * Math.LN2;
  const logTerms: number[] = [];
  let logChoose = 0;
  for (let i = 0; i <= k; i++) {
    if (i > 0) logChoose += Math.log(n - i + 1) - Math.log(i);
    logTerms.push(logChoose + logHalfPower);
  }
  const largest = logTerms.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
  let scaledSum = 0;
  for (const term of logTerms) scaledSum += Math.exp(term - largest);
  return { pmf: Math.exp(logTerms[k]), cdf: Math.min(1, Math.exp(largest) * scaledSum) };
}
