// ITM's hyper-parameters, defaulting to the authors' (paper: batch 256, 500 iterations, evaluation every 100; their
// code as ported: 80/20 split, AdamW lr 5e-3 and weight decay 1e-2 under a linear decay over 10 000 iterations,
// one deparametric step of rate 0.5). Only the seed's default differs (0 here, 12357 there).
import type { AdamWSettings } from './adamw.ts';
import type { EvolutionSettings } from './itm-model.ts';

export interface ItmOptions {
  /** Seeds the split, the mini-batches and the initial weights (default 0). */
  seed?: number;
  /** Share of samples trained on, floor(share · N); the rest are held out (default 0.8). */
  trainFraction?: number;
  /** Mini-batch size, i.e. the size of each DVA subspace (default 256). */
  batchSize?: number;
  /** Training iterations (default 500). */
  iterations?: number;
  /** Held-out accuracy is measured every this many iterations (default 100). */
  evaluationInterval?: number;
  /** AdamW learning rate (default 0.005). */
  learningRate?: number;
  /** AdamW decoupled weight decay (default 0.01). */
  weightDecay?: number;
  /** The learning rate decays linearly to zero over this many iterations (default 10 000). */
  scheduleIterations?: number;
  /** η, the rate of the deparametric evolution step (their `coeff`, default 0.5). */
  evolutionRate?: number;
  /** m, how many deparametric steps each subspace takes (default 1). */
  evolutionSteps?: number;
}

export interface ResolvedItmOptions {
  seed: number;
  trainFraction: number;
  batchSize: number;
  iterations: number;
  evaluationInterval: number;
  optimiser: AdamWSettings;
  evolution: EvolutionSettings;
}

/** The options with the authors' defaults filled in; throws a RangeError naming the first invalid one. */
export function resolveItmOptions(options: ItmOptions): ResolvedItmOptions {
  const { seed = 0, trainFraction = 0.8, batchSize = 256, iterations = 500, evaluationInterval = 100 } = options;
  const { learningRate = 0.005, weightDecay = 0.01, scheduleIterations = 10_000, evolutionRate = 0.5, evolutionSteps = 1 } = options;
  if (!(trainFraction > 0 && trainFraction < 1)) throw new RangeError(`ITM: trainFraction must lie in (0, 1) (got ${trainFraction})`);
  for (const [name, value] of Object.entries({ batchSize, iterations, evaluationInterval, scheduleIterations })) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`ITM: ${name} must be a positive integer (got ${value})`);
  }
  if (!Number.isInteger(evolutionSteps) || evolutionSteps < 0) throw new RangeError(`ITM: evolutionSteps must be a non-negative integer (got ${evolutionSteps})`);
  if (evaluationInterval > iterations) throw new RangeError(`ITM: evaluationInterval ${evaluationInterval} exceeds iterations ${iterations}, so nothing would be evaluated`);
  for (const [name, value] of Object.entries({ learningRate, weightDecay, evolutionRate })) {
    if (!(Number.isFinite(value) && value >= 0)) throw new RangeError(`ITM: ${name} must be a finite number ≥ 0 (got ${value})`);
  }
  return {
    seed,
    trainFraction,
    batchSize,
    iterations,
    evaluationInterval,
    optimiser: { learningRate, weightDecay, scheduleIterations },
    evolution: { rate: evolutionRate, steps: evolutionSteps },
  };
}
