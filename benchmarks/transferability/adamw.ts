// AdamW (Loshchilov & Hutter, ICLR 2019) as torch.optim.AdamW computes it (decoupled decay first, then the
// bias-corrected Adam step; amsgrad off), with torch's PolynomialLR(power = 1) learning-rate schedule. ITM's head
// is trained with both; the parameters are flat Float64Arrays updated in place.

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
  const stepSize = rate / (1 - beta1 ** state.step);
  const secondCorrection = Math.sqrt(1 - beta2 ** state.step);
  parameters.forEach((p, k) => {
    const g = gradients[k];
    const m = state.firstMoments[k];
    const v = state.secondMoments[k];
    for (let i = 0; i < p.length; i++) {
      p[i] *= 1 - rate * weightDecay;
      m[i] = beta1 * m[i] + (1 - beta1) * g[i];
      v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
      p[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / secondCorrection + epsilon);
    }
  });
}
