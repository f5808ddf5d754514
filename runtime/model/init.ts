// Seeded parameter initialisers: truncated normal (timm/DINO `trunc_normal_`, std 0.02, cut at ±2 std),
// torch's default Linear uniform(±1/√fanIn) and a plain normal (DINOv2's register tokens), drawn only from
// the project's Rng.
import type { Rng } from '../../benchmarks/rng.ts';

export function truncNormal(rng: Rng, size: number, std = 0.02, cutoff = 2): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    let z = rng.normal();
    while (Math.abs(z) > cutoff) z = rng.normal();
    out[i] = z * std;
  }
  return out;
}

export function normal(rng: Rng, size: number, std: number): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = rng.normal() * std;
  return out;
}

export function uniformFanIn(rng: Rng, size: number, fanIn: number): Float32Array {
  const bound = 1 / Math.sqrt(fanIn);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = rng.uniform(-bound, bound);
  return out;
}

export function filled(size: number, value: number): Float32Array {
  return new Float32Array(size).fill(value);
}
