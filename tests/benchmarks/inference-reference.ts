// Typed access to tests/fixtures/inference-reference.json, written by scripts/fixtures/generate_inference_fixtures.py.
import { readFileSync } from 'node:fs';
import type { Alternative } from '../../benchmarks/stats/hypothesis.ts';
import type { ZeroMethod } from '../../benchmarks/stats/wilcoxon.ts';

interface Valued {
  value: number;
}

export interface DistributionCases {
  logGamma: Array<Valued & { x: number }>;
  normalCdf: Array<Valued & { x: number }>;
  normalQuantile: Array<Valued & { p: number }>;
  studentTTwoSidedP: Array<Valued & { t: number; df: number }>;
  /** value: 30-digit mpmath root; scipy: scipy.stats.t.ppf. */
  studentTQuantile: Array<Valued & { p: number; df: number; scipy: number }>;
  chiSquareSf: Array<Valued & { x: number; df: number }>;
  studentizedRangeSf: Array<Valued & { q: number; k: number }>;
  nemenyiQ: Array<Valued & { k: number; alpha: number }>;
}

export interface BinaryScoreCase {
  name: string;
  yTrue: number[];
  prob: number[];
  threshold: number;
  auroc: number;
  averagePrecision: number;
  brier: number;
  ece: number;
  youden: { threshold: number; sensitivity: number; specificity: number; youdenJ: number };
  atThreshold: { truePositives: number; falsePositives: number; sensitivity: number; specificity: number };
}

export interface MulticlassScoreCase {
  name: string;
  k: number;
  yTrue: number[];
  proba: number[][];
  brier: number;
  ece: number;
  eceBins10: number;
  aurocOvr: number;
  averagePrecisionMacro: number;
  presentClasses: number[];
}

export interface BcaExactFixture {
  values: number[];
  indices: number[][];
  cases: Array<{
    statistic: 'mean' | 'std';
    confidence: number;
    levels: [number, number];
    acceleration: number;
    lower: number;
    upper: number;
  }>;
}

export interface BcaScipyCase {
  statistic: 'mean' | 'std';
  values: number[];
  resamples: number;
  confidence: number;
  lower: number;
  upper: number;
  tolerance: number;
}

export interface DelongCase {
  name: string;
  yTrue: number[];
  scoresA: number[];
  scoresB: number[];
  confidence: number;
  sklearnAucA: number;
  aucA: number;
  aucB: number;
  varA: number;
  varB: number;
  covariance: number;
  ciA: [number, number];
  clippedA: boolean;
  z: number;
  pValue: number;
  differenceCi: [number, number];
}

export interface PairedTCase {
  name: string;
  a: number[];
  b: number[];
  alternative: Alternative;
  confidence: number;
  statistic: number;
  pValue: number;
  df: number;
  /** null where scipy's bound is infinite (one-sided). */
  ci: [number | null, number | null];
  meanDifference: number;
  cohenDz: number;
}

export interface WilcoxonCase {
  name: string;
  differences: number[];
  zeroMethod: ZeroMethod;
  correction: boolean;
  alternative: Alternative;
  scipyMethod: 'exact' | 'approx';
  statistic: number;
  pValue: number;
  z: number | null;
  rankSumPositive: number;
  rankSumNegative: number;
  rankBiserial: number;
}

export interface FriedmanCase {
  name: string;
  scores: number[][];
  alpha: number;
  statistic: number;
  pValue: number;
  kendallW: number;
  meanRanks: number[];
  criticalDifference: number;
  nemenyi: Array<{ a: number; b: number; pValue: number }>;
}

export interface MultipleTestingCase {
  pValues: number[];
  alpha: number;
  holm: { reject: boolean[]; adjusted: number[] };
  benjaminiHochberg: { reject: boolean[]; adjusted: number[] };
}

export interface InferenceReference {
  distributions: DistributionCases;
  binaryScores: BinaryScoreCase[];
  multiclassScores: MulticlassScoreCase[];
  bcaExact: BcaExactFixture;
  bcaScipy: BcaScipyCase[];
  delong: DelongCase[];
  pairedT: PairedTCase[];
  wilcoxon: WilcoxonCase[];
  friedman: FriedmanCase[];
  multipleTesting: MultipleTestingCase[];
}

export const inferenceReference = JSON.parse(
  readFileSync(new URL('../fixtures/inference-reference.json', import.meta.url), 'utf8'),
) as InferenceReference;

/** Closed forms (ranks, counts, sums): |Δ| ≤ 1e-9. */
export const CLOSED_FORM = 1e-9;
/** Quantities from iterative or quadrature routines on either side: |Δ| ≤ 1e-6. */
export const ITERATIVE = 1e-6;

export function expectClose(actual: number, expected: number, tolerance: number, label = ''): void {
  const difference = Math.abs(actual - expected);
  if (!(difference <= tolerance)) {
    throw new Error(`${label} |${actual} − ${expected}| = ${difference} > ${tolerance}`);
  }
}
