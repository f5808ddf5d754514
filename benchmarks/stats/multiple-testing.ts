// Corrections for testing the same claim on many tasks, as statsmodels.stats.multitest.multipletests:
// Holm's step-down family-wise error control (Holm 1979) and Benjamini–Hochberg false-discovery-rate control
// (Benjamini & Hochberg 1995). Adjusted p-values are returned in the input order.

export type CorrectionMethod = 'holm' | 'benjamini-hochberg';

export interface CorrectionResult {
  method: CorrectionMethod;
  alpha: number;
  adjustedPValues: number[];
  reject: boolean[];
}

/** Holm: reject p₍ᵢ₎ while p₍ⱼ₎ ≤ α/(m − j + 1) for all j ≤ i; adjusted p₍ᵢ₎ = max_{j≤i} min(1, (m − j + 1)p₍ⱼ₎). */
export function holmCorrection(pValues: readonly number[], alpha = 0.05): CorrectionResult {
  checkPValues(pValues, alpha);
  const m = pValues.length;
  const order = ascendingOrder(pValues);
  const adjusted = new Array<number>(m);
  const reject = new Array<boolean>(m).fill(false);
  let running = 0;
  let stillRejecting = true;
  order.forEach((index, rank) => {
    const p = pValues[index];
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[index] = running;
    stillRejecting = stillRejecting && p <= alpha / (m - rank);
    reject[index] = stillRejecting;
  });
  return { method: 'holm', alpha, adjustedPValues: adjusted, reject };
}

/** BH: reject the i smallest where i is the largest with p₍ᵢ₎ ≤ iα/m; adjusted p₍ᵢ₎ = min_{j≥i} min(1, m p₍ⱼ₎ / j). */
export function benjaminiHochberg(pValues: readonly number[], alpha = 0.05): CorrectionResult {
  checkPValues(pValues, alpha);
  const m = pValues.length;
  const order = ascendingOrder(pValues);
  let largestRejected = -1;
  order.forEach((index, rank) => {
    if (pValues[index] <= ((rank + 1) / m) * alpha) largestRejected = rank;
  });
  const adjusted = new Array<number>(m);
  const reject = new Array<boolean>(m).fill(false);
  let running = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const index = order[rank];
    running = Math.min(running, pValues[index] / ((rank + 1) / m));
    adjusted[index] = Math.min(1, running);
    reject[index] = rank <= largestRejected;
  }
  return { method: 'benjamini-hochberg', alpha, adjustedPValues: adjusted, reject };
}

function ascendingOrder(values: readonly number[]): number[] {
  return values.map((_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
}

function checkPValues(pValues: readonly number[], alpha: number): void {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1) (got ${alpha})`);
  pValues.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`pValues[${i}] = ${p} is not a probability`);
  });
}
