// A stand-in labelled image set for runtime sanity checks (the real phantoms live in runtime/data/):
// class 0 = disc, 1 = square, 2 = ring, at random position and size, with nuisance background level,
// contrast, gradient and noise, so that intensity alone does not predict the class.
import { Rng } from '../../benchmarks/rng.ts';

export interface StandInSet {
  images: Float32Array[];
  labels: number[];
}

export function standInShapes(count: number, size: number, seed: number): StandInSet {
  const rng = new Rng(seed);
  const images: Float32Array[] = [];
  const labels: number[] = [];
  for (let n = 0; n < count; n++) {
    const label = n % 3;
    const img = new Float32Array(size * size);
    const background = rng.uniform(0.05, 0.6);
    const contrast = rng.uniform(0.15, 0.4) * (rng.bernoulli(0.5) ? 1 : -1);
    const gx = rng.uniform(-0.2, 0.2);
    const r = rng.uniform(0.15, 0.3) * size;
    const cx = rng.uniform(r, size - r);
    const cy = rng.uniform(r, size - r);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const dx = x + 0.5 - cx;
        const dy = y + 0.5 - cy;
        const d = Math.sqrt(dx * dx + dy * dy);
        const inside = label === 0 ? d < r : label === 1 ? Math.max(Math.abs(dx), Math.abs(dy)) < r * 0.85 : d < r && d > r * 0.6;
        const v = background + gx * (x / size - 0.5) + (inside ? contrast : 0) + rng.normal(0, 0.03);
        img[y * size + x] = Math.min(1, Math.max(0, v));
      }
    }
    images.push(img);
    labels.push(label);
  }
  return { images, labels };
}
