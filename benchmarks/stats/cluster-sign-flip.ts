// Exact randomisation test of paired correctness with the patient as the unit: under H0 the two classifiers are
// exchangeable within each patient, so each patient's discordance d_k = b_k − c_k (samples A got right and B wrong,
// minus the reverse) is as likely to carry either sign. The statistic T = Σ d_k (= N · Δ accuracy) is referred to
// its exact sign-flip distribution Σ ±|d_k|, computed by convolution over patients (integer sums, no sampling), and
// p = P(|T*| ≥ |T|). It needs no large-sample approximation, unlike the χ² tests in clustered-mcnemar.ts, so it is
// the check for few discordant patients. With one sample per patient it is McNemar's exact (binomial) test.
import { clusterDiscordance } from './clustered-mcnemar.ts';

export interface ClusterSignFlipResult {
  /** T = Σ d_k = b − c. */
  statistic: number;
  /** Two-sided exact p, P(|T*| ≥ |T|) under independent fair sign flips of every patient's d_k. */
  pValue: number;
  /** Patients with d_k ≠ 0: the only ones whose flip moves T. */
  informativeClusters: number;
  clusters: number;
}

export function clusterSignFlipTest(correctA: readonly boolean[], correctB: readonly boolean[], groups: readonly string[]): ClusterSignFlipResult {
  const clusters = clusterDiscordance(correctA, correctB, groups);
  const magnitudes = clusters.map((k) => Math.abs(k.b - k.c)).filter((d) => d > 0);
  const statistic = clusters.reduce((s, k) => s + k.b - k.c, 0);
  const total = magnitudes.reduce((s, d) => s + d, 0);
  // probability of each sum −total … total (index sum + total), built one patient at a time
  let distribution = new Float64Array(2 * total + 1);
  distribution[total] = 1;
  for (const d of magnitudes) {
    const next = new Float64Array(distribution.length);
    for (let i = 0; i < distribution.length; i++) {
      const p = distribution[i];
      if (p === 0) continue;
      next[i - d] += p / 2;
      next[i + d] += p / 2;
    }
    distribution = next;
  }
  const observed = Math.abs(statistic);
  let pValue = 0;
  for (let i = 0; i < distribution.length; i++) if (Math.abs(i - total) >= observed) pValue += distribution[i];
  return { statistic, pValue: Math.min(1, pValue), informativeClusters: magnitudes.length, clusters: clusters.length };
}
