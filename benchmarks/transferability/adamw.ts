// ITM's optimiser: AdamW (the shared kernel, ../optim/adamw-update.ts) under torch's PolynomialLR(power = 1)
// learning-rate schedule, over a list of flat Float64Array parameters updated in place.
import { adamwUpdate } from '../optim/adamw-update.ts';

export interface AdamWSettings {
  /** Base learning rate (before the schedule). */
  learningRate: number;
  weightDecay: number;
  /** Iterations over which the rate decays linearly to zero (PolynomialLR total_iters). */
  scheduleIterations: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export interface AdamWState {
  /** Steps taken so far. */
  step: number;
  firstMoments: Float64Array[];
  secondMoments: Float64Array[];
}

export function createAdamWState(parameters: readonly Float64Array[]): AdamWState {
  return {
    step: 0,
    firstMoments: parameters.map((p) => new Float64Array(p.length)),
    secondMoments: parameters.map((p) => new Float64Array(p.length)),
  };
}

/** PolynomialLR(power 1) after `stepsTaken` scheduler steps: lr · (1 − min(t, T) / T). */
export function scheduledLearningRate(settings: AdamWSettings, stepsTaken: number): number {
  return settings.learningRate * (1 - Math.min(stepsTaken, settings.scheduleIterations) / settings.scheduleIterations);
}

/** One optimiser step (the scheduler steps after it, so step t uses the rate of t − 1 scheduler steps). */
export function adamWStep(parameters: readonly Float64Array[], gradients: readonly Float64Array[], state: AdamWState, settings: AdamWSettings): void {
  const { weightDecay, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = settings;
  const rate = scheduledLearningRate(settings, state.step);
  state.step += 1;
  parameters.forEach((p, k) => {
    adamwUpdate(p, gradients[k], { m: state.firstMoments[k], v: state.secondMoments[k] }, state.step, rate, weightDecay, beta1, beta2, epsilon);
  });
}
