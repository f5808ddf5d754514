// Registry of the transferability estimators, so `bench stats` and `bench select` can call them by name.
// Every score is higher-is-better; randomised estimators (NLEEP, PARC's subsample, PED with NLEEP, ITM) take a seed.
import { closestMatch, didYouMeanSuffix } from '../../dsl/did-you-mean.ts';
import type { FeatureMatrix } from '../probe/standardize.ts';
import { itmScore } from './itm.ts';
import { logmeScore } from './logme.ts';
import { nleepScore } from './nleep.ts';
import { parcScore } from './parc.ts';
import { pedScore } from './ped.ts';
import { sfdaScore } from './sfda.ts';

export type EstimatorId = 'logme' | 'nleep' | 'sfda' | 'parc' | 'ped' | 'itm';

export interface EstimatorOptions {
  /** Seed of the estimator's random draws (ignored by deterministic ones); default 0. */
  seed?: number;
}

export interface TransferabilityEstimator {
  id: EstimatorId;
  title: string;
  paper: string;
  higherIsBetter: true;
  /** Throws a RangeError naming the problem for degenerate input (one class, N < 2, D = 0, non-finite values). */
  score: (features: FeatureMatrix, labels: readonly number[], options?: EstimatorOptions) => number;
}

export const ESTIMATORS: Record<EstimatorId, TransferabilityEstimator> = {
  logme: {
    id: 'logme',
    title: 'LogME: log maximum evidence of a Bayesian linear model',
    paper: 'You et al., ICML 2021',
    higherIsBetter: true,
    score: (features, labels) => logmeScore(features, labels),
  },
  nleep: {
    id: 'nleep',
    title: 'N-LEEP: LEEP over Gaussian-mixture posteriors in PCA space',
    paper: 'Li et al., CVPR 2021 (Ranking neural checkpoints)',
    higherIsBetter: true,
    score: (features, labels, options) => nleepScore(features, labels, { seed: options?.seed }),
  },
  sfda: {
    id: 'sfda',
    title: 'SFDA: self-challenging Fisher discriminant analysis',
    paper: 'Shao et al., ECCV 2022',
    higherIsBetter: true,
    score: (features, labels) => sfdaScore(features, labels),
  },
  parc: {
    id: 'parc',
    title: 'PARC: pairwise annotation representation comparison (×100)',
    paper: 'Bolya et al., NeurIPS 2021',
    higherIsBetter: true,
    score: (features, labels, options) => parcScore(features, labels, { seed: options?.seed }),
  },
  ped: {
    id: 'ped',
    title: 'PED: potential-energy feature dynamics, then LogME',
    paper: 'Li et al., ICCV 2023',
    higherIsBetter: true,
    score: (features, labels, options) => pedScore(features, labels, { seed: options?.seed }),
  },
  itm: {
    id: 'itm',
    title: 'ITM: implicit transferability map W_z, divide-and-conquer variational evolution, best held-out accuracy',
    paper: 'Zheng et al., NeurIPS 2025 (arXiv 2510.23145)',
    higherIsBetter: true,
    score: (features, labels, options) => itmScore(features, labels, { seed: options?.seed }),
  },
};

export const ESTIMATOR_IDS = Object.keys(ESTIMATORS) as EstimatorId[];

/** The estimator registered under `id`; throws listing the available ids otherwise. */
export function getEstimator(id: string): TransferabilityEstimator {
  const estimator = (ESTIMATORS as Record<string, TransferabilityEstimator | undefined>)[id];
  if (estimator === undefined) {
    const suggestion = closestMatch(id, ESTIMATOR_IDS);
    throw new RangeError(`unknown transferability estimator "${id}"${didYouMeanSuffix(suggestion)} (available: ${ESTIMATOR_IDS.join(', ')})`);
  }
  return estimator;
}

export { itmScore, logmeScore, nleepScore, parcScore, pedScore, sfdaScore };
export { nleepDetails } from './nleep.ts';
