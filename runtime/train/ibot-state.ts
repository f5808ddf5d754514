// What iBOT adds to a DINO replica's state, kept inside the existing checkpoint layout: the student's mask
// token travels with the student's weights (as DINOv2's `backbone.mask_token`; the teacher never uses one, so
// it has none), and the iBOT patch centre follows the DINO centre in the one `center` vector.
import { MASK_TOKEN } from '../model/vit.ts';
import type { WeightMap } from '../model/weights.ts';

/** The student's weights with a zero mask token [1, D] added when they have none (a fresh iBOT run). */
export function withMaskToken(weights: WeightMap, dim: number): WeightMap {
  if (weights.has(MASK_TOKEN)) return weights;
  return new Map([...weights, [MASK_TOKEN, { shape: [1, dim], data: new Float32Array(dim) }]]);
}

/** The weights without the mask token (the same map when there is none). */
export function withoutMaskToken(weights: WeightMap): WeightMap {
  if (!weights.has(MASK_TOKEN)) return weights;
  return new Map([...weights].filter(([name]) => name !== MASK_TOKEN));
}

/** The saved centre vector: the DINO centre [K], then the iBOT centre [K] when there is one. */
export function packCenters(dino: Float32Array, ibot: Float32Array | undefined): Float32Array {
  if (!ibot) return dino;
  const out = new Float32Array(dino.length + ibot.length);
  out.set(dino);
  out.set(ibot, dino.length);
  return out;
}

export function unpackCenters(saved: Float32Array, k: number, withIbot: boolean): { dino: Float32Array; ibot?: Float32Array } {
  const expected = withIbot ? 2 * k : k;
  if (saved.length !== expected) {
    throw new Error(`the checkpoint's centre has ${saved.length} values, this run needs ${expected} (K = ${k}${withIbot ? ', DINO and iBOT' : ''})`);
  }
  return { dino: saved.subarray(0, k), ibot: withIbot ? saved.subarray(k) : undefined };
}

/** Mean over the whole batch's masked patches of the teacher's raw patch outputs; undefined when none was masked. */
export function combineIbotCenter(results: ReadonlyArray<{ ibotTeacherSum?: Float32Array; maskedPatches: number }>): Float32Array | undefined {
  const count = results.reduce((n, r) => n + r.maskedPatches, 0);
  const first = results.find((r) => r.ibotTeacherSum)?.ibotTeacherSum;
  if (count === 0 || !first) return undefined;
  const mean = new Float32Array(first.length);
  for (const r of results) if (r.ibotTeacherSum) for (let k = 0; k < mean.length; k++) mean[k] += r.ibotTeacherSum[k];
  for (let k = 0; k < mean.length; k++) mean[k] /= count;
  return mean;
}
