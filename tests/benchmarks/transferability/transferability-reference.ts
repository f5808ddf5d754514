// Typed access to tests/fixtures/transferability.json, written by scripts/fixtures/generate_transferability_fixtures.py.
import { readFileSync } from 'node:fs';

export interface Dataset {
  X: number[][];
  y: number[];
}

export interface EstimatorCase {
  name: string;
  dataset: string;
  logme: number;
  /** PARC with the two-level label distance and distances on a 1e-12 grid, as benchmarks/transferability/parc.ts. */
  parc: number;
  /** What dbolya/parc's code returns on the same PCA scores (np.corrcoef rounding splits tied levels); not tested. */
  parcAsTheirCode: number;
  /** Pairs whose feature distance repeats another pair's (exercises mid-ranks). */
  parcTiedPairs: number;
  /** Absent for the rank-deficient case, where the within-class scatter is singular. */
  sfda?: number;
  pedSteps?: number;
  pedLogme?: number;
}

export interface NleepCase {
  name: string;
  dataset: string;
  covariance: 'full' | 'diag';
  componentsPerClass: number;
  pcaDims: number;
  initialResponsibilities: number[][];
  initialWeights: number[];
  initialMeans: number[][];
  /** Row-major d × d per component (full) or d variances (diag), in sklearn's PCA coordinates. */
  initialCovariances: number[][];
  iterations: number;
  converged: boolean;
  lowerBound: number;
  nleep: number;
}

interface TransferabilityReference {
  datasets: Record<string, Dataset>;
  estimators: EstimatorCase[];
  nleep: NleepCase[];
}

export const transferabilityReference = JSON.parse(
  readFileSync(new URL('../../fixtures/transferability.json', import.meta.url), 'utf8'),
) as TransferabilityReference;

export function datasetOf(c: { dataset: string }): Dataset {
  const dataset = transferabilityReference.datasets[c.dataset];
  if (dataset === undefined) throw new Error(`fixture dataset "${c.dataset}" missing`);
  return dataset;
}

/** Agreement required with the Python restatements (issue 5: TS must agree to 1e-6). */
export const REFERENCE_TOLERANCE = 1e-6;
