// McNemar's test adjusted for clustered samples: two classifiers scored on the same samples, several samples per
// patient (both knees, several radiographs), so the paired outcomes of one patient are not independent and the plain
// McNemar test is anti-conservative. Each statistic is χ² with 1 df, computed from the per-cluster discordant
// counts b_k (A right, B wrong) and c_k (A wrong, B right), d_k = b_k − c_k, n_k samples in cluster k, K clusters:
//   yang        Yang, Sun & Hardin 2010 (Biometrical J 52:5), Obuchowski's statistic with a variance that also
//               uses the pooled difference Δ = (Σb − Σc)/N: ((K−1)/K)(Σd_k)² / (½ Σ[(d_k − n_kΔ)² + d_k²]);
//   obuchowski  Obuchowski 1998 (Stat Med 17:1495), in Yang's simplified form: ((K−1)/K)(Σd_k)² / Σd_k²;
//   durkalski   Durkalski et al. 2003 (Stat Med 22:2417), cluster-size weighted: (Σd_k/n_k)² / Σ(d_k/n_k)².
// Yang and Obuchowski test the sample-weighted accuracy difference (the one the harness reports); Durkalski
// weights every cluster equally. With one sample per cluster Durkalski equals McNemar's uncorrected χ² and
// Obuchowski equals it times (K−1)/K. Checked against R's clust.bin.pair (scripts/fixtures).
import jStat from 'jstat';

export type ClusteredMcNemarMethod = 'yang' | 'obuchowski' | 'durkalski';

export interface ClusteredMcNemarResult {
  method: ClusteredMcNemarMethod;
  /** χ² (1 df); 0 when no cluster has unequal discordant counts, or there is one cluster. */
  statistic: number;
  pValue: number;
  /** Samples A got right and B got wrong, over all clusters. */
  b: number;
  c: number;
  n: number;
  clusters: number;
  /** Clusters with at least one discordant pair. */
  discordantClusters: number;
  /** accuracyA − accuracyB = (b − c) / n. */
  difference: number;
}

interface ClusterCounts {
  n: number;
  b: number;
  c: number;
}

/** Discordant counts per cluster, in order of first appearance. */
export function clusterDiscordance(
  correctA: readonly boolean[], correctB: readonly boolean[], groups: readonly string[],
): ClusterCounts[] {
  if (correctA.length !== correctB.length || correctA.length !== groups.length) {
    throw new RangeError(`correctA, correctB and groups differ in length (${correctA.length}, ${correctB.length}, ${groups.length})`);
  }
  if (correctA.length === 0) throw new RangeError('the clustered McNemar test needs at least one paired sample');
  const byGroup = new Map<string, ClusterCounts>();
  groups.forEach((group, i) => {
    const counts = byGroup.get(group) ?? { n: 0, b: 0, c: 0 };
    counts.n += 1;
    if (correctA[i] && !correctB[i]) counts.b += 1;
    else if (!correctA[i] && correctB[i]) counts.c += 1;
    byGroup.set(group, counts);
  });
  return [...byGroup.values()];
}

export function clusteredStatistic(clusters: readonly ClusterCounts[], method: ClusteredMcNemarMethod): number {
  const K = clusters.length;
  const N = clusters.reduce((s, k) => s + k.n, 0);
  const sumD = clusters.reduce((s, k) => s + (k.b - k.c), 0);
  // No evidence either way (every d_k = 0, or one cluster): 0 rather than the formulas' 0/0.
  if (clusters.every((k) => k.b === k.c) || K < 2) return 0;
  switch (method) {
    case 'durkalski': {
      const weighted = clusters.map((k) => (k.b - k.c) / k.n);
      return weighted.reduce((s, v) => s + v, 0) ** 2 / weighted.reduce((s, v) => s + v * v, 0);
    }
    case 'obuchowski':
      return (((K - 1) / K) * sumD ** 2) / clusters.reduce((s, k) => s + (k.b - k.c) ** 2, 0);
    case 'yang': {
      const delta = sumD / N;
      const variance = 0.5 * clusters.reduce((s, k) => s + (k.b - k.c - k.n * delta) ** 2 + (k.b - k.c) ** 2, 0);
      return (((K - 1) / K) * sumD ** 2) / variance;
    }
  }
}

/** The clustered McNemar test of A against B from per-sample correctness and each sample's cluster (patient). */
export function clusteredMcnemarTest(
  correctA: readonly boolean[],
  correctB: readonly boolean[],
  groups: readonly string[],
  method: ClusteredMcNemarMethod = 'yang',
): ClusteredMcNemarResult {
  const clusters = clusterDiscordance(correctA, correctB, groups);
  const statistic = clusteredStatistic(clusters, method);
  const b = clusters.reduce((s, k) => s + k.b, 0);
  const c = clusters.reduce((s, k) => s + k.c, 0);
  const n = correctA.length;
  return {
    method,
    statistic,
    pValue: statistic === 0 ? 1 : 1 - jStat.chisquare.cdf(statistic, 1),
    b,
    c,
    n,
    clusters: clusters.length,
    discordantClusters: clusters.filter((k) => k.b + k.c > 0).length,
    difference: (b - c) / n,
  };
}
