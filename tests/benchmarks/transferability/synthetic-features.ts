// Seeded synthetic features for the property tests: C classes with separated means in D dims.
import { Rng } from '../../../benchmarks/rng.ts';

export interface LabelledFeatures {
  features: number[][];
  labels: number[];
}

/** n rows cycling through `classes`, class c centred at `separation` × a random unit-variance direction. */
export function separableFeatures(n: number, d: number, classes: number, separation: number, seed: number): LabelledFeatures {
  const rng = new Rng(seed);
  const centres = Array.from({ length: classes }, () => Array.from({ length: d }, () => separation * rng.normal()));
  const labels = Array.from({ length: n }, (_, i) => i % classes);
  const features = labels.map((c) => centres[c].map((mean) => mean + rng.normal()));
  return { features, labels };
}

export function shuffledLabels(labels: readonly number[], seed: number): number[] {
  return new Rng(seed).shuffle(labels);
}

/** The same rows with their columns reordered by a seeded permutation. */
export function permutedColumns(features: readonly number[][], seed: number): number[][] {
  const order = new Rng(seed).shuffle(Array.from({ length: features[0].length }, (_, j) => j));
  return features.map((row) => order.map((j) => row[j]));
}
