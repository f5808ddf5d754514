// Typed access to tests/fixtures/stats-reference.json, written by scripts/fixtures/generate_stats_fixtures.py.
import { readFileSync } from 'node:fs';
import type { PairedTable } from '../../benchmarks/stats/paired-proportions.ts';

export interface ClassificationCase {
  name: string;
  k: number;
  yTrue: number[];
  yPred: number[];
  confusion: number[][];
  accuracy: number;
  perClassF1: number[];
  macroF1Present: number;
  macroF1All: number;
  /** null where sklearn returns NaN. */
  quadraticKappa: number | null;
  balancedAccuracy: number;
}

export interface McNemarCase {
  table: PairedTable;
  exactStatistic: number;
  exactP: number;
  chi2Statistic: number | null;
  chi2P: number | null;
  midP: number;
}

export interface LogisticCase {
  name: string;
  k: number;
  l2: number;
  X: number[][];
  y: number[];
  XTest: number[][];
  mean: number[];
  scale: number[];
  coef: number[][];
  intercept: number[];
  presentClasses: number[];
  probaTest: number[][];
}

export interface BootstrapCase {
  statistic: 'mean' | 'median';
  values: number[];
  resamples: number;
  confidence: number;
  lower: number;
  upper: number;
  tolerance: number;
}

export interface GreedyGroupFoldCase {
  k: number;
  labels: number[];
  groups: string[];
  foldOfGroup: number[];
}

export interface StatsReference {
  classification: ClassificationCase[];
  mcnemar: McNemarCase[];
  logistic: LogisticCase[];
  bootstrap: BootstrapCase[];
  greedyGroupFolds: GreedyGroupFoldCase;
}

export const statsReference = JSON.parse(
  readFileSync(new URL('../fixtures/stats-reference.json', import.meta.url), 'utf8'),
) as StatsReference;
