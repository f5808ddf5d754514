// Reader noise on recorded labels. Every noisy label differs from the truth, so against the recorded labels
// a perfect model scores at most 1 − labelNoise accuracy (the documented ceiling of each task).
import type { Rng } from '../../../benchmarks/rng.ts';

/** Binary: the other label with probability `noise`. */
export function recordBinaryLabel(trueLabel: number, noise: number, rng: Rng): number {
  return rng.bernoulli(noise) ? 1 - trueLabel : trueLabel;
}

/**
 * Ordinal: with probability `noise` an adjacent grade, towards the side the latent severity leans (readers
 * disagree on borderline cases); edge grades have one neighbour.
 */
export function recordOrdinalLabel(trueLabel: number, classes: number, latent: number, noise: number, rng: Rng): number {
  if (!rng.bernoulli(noise)) return trueLabel;
  if (trueLabel === 0) return 1;
  if (trueLabel === classes - 1) return classes - 2;
  const pUp = Math.min(Math.max(0.5 + (latent - trueLabel), 0), 1);
  return rng.bernoulli(pUp) ? trueLabel + 1 : trueLabel - 1;
}
