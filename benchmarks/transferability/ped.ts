// PED (Li et al., ICCV 2023; code lixiaotong97/PED `PED_Score`): a base estimator scored on the features after the
// potential-energy dynamics of potential-energy-dynamics.ts. Base LogME by default (their script's default is SFDA;
// both, and NLEEP, are available). Deviations: see potential-energy-dynamics.ts (target-own standardisation).
import type { FeatureMatrix } from '../probe/standardize.ts';
import { checkEstimatorInput } from './estimator-input.ts';
import { logmeOfMatrix } from './logme.ts';
import { nleepOfMatrix } from './nleep.ts';
import { simulatePotentialEnergy, type PotentialEnergyOptions } from './potential-energy-dynamics.ts';
import { sfdaOfMatrix } from './sfda.ts';

export type PedBase = 'logme' | 'sfda' | 'nleep';

export interface PedOptions extends PotentialEnergyOptions {
  /** Estimator applied after the dynamics (default 'logme'). */
  base?: PedBase;
  /** Seeds NLEEP's k-means when base is 'nleep' (default 0). */
  seed?: number;
}

export function pedScore(features: FeatureMatrix, labels: readonly number[], options: PedOptions = {}): number {
  const { base = 'logme', seed = 0, ...dynamics } = options;
  const input = checkEstimatorInput('PED', features, labels);
  const { X } = simulatePotentialEnergy(input.X, input.labels, input.numClasses, dynamics);
  switch (base) {
    case 'logme':
      return logmeOfMatrix(X, input.labels, input.numClasses);
    case 'sfda':
      return sfdaOfMatrix(X, input.labels, input.numClasses);
    case 'nleep':
      return nleepOfMatrix(X, input.labels, input.numClasses, { seed }).score;
  }
}
