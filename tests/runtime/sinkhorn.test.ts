import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { initBackend } from '../../runtime/backend.ts';
import { teacherProbabilities } from '../../runtime/train/dino-loss.ts';
import { centredSoftmaxRows, sinkhornKnoppCenter } from '../../runtime/train/sinkhorn.ts';
import { sinkhornKnoppReference } from '../../runtime/train/sinkhorn-reference.ts';

beforeAll(async () => {
  await initBackend('cpu');
});

function drawLogits(rng: Rng, rows: number, k: number, scale: number): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: k }, () => rng.normal(0, scale)));
}

/** Our assignments [rows][K]: softmax((t − c)/τ) with c the Sinkhorn–Knopp centre. */
function assignments(logits: number[][], teacherTemp: number, iterations?: number): number[][] {
  const k = logits[0].length;
  const flat = Float32Array.from(logits.flat());
  const probs = centredSoftmaxRows(flat, k, sinkhornKnoppCenter(flat, k, teacherTemp, iterations), teacherTemp);
  return logits.map((_, b) => Array.from(probs.subarray(b * k, (b + 1) * k)));
}

const maxAbsDiff = (a: number[][], b: number[][]): number => Math.max(...a.flatMap((row, i) => row.map((v, j) => Math.abs(v - b[i][j]))));
const columnSums = (q: number[][]): number[] => q[0].map((_, j) => q.reduce((acc, row) => acc + row[j], 0));

describe('sinkhornKnoppCenter', () => {
  // logits rounded to float32 first, as the replicas hand them over
  const rounded = (rows: number[][]): number[][] => rows.map((r) => Array.from(Float32Array.from(r)));

  it('gives the assignments of the loop-by-loop reference (DINOv2 sinkhorn_knopp_teacher) within 1e-6', () => {
    const rng = new Rng(21);
    for (const [rows, k, scale, tau] of [[6, 5, 1, 0.1], [16, 12, 0.5, 0.04], [9, 32, 0.3, 0.07], [3, 8, 2, 1]] as const) {
      const logits = rounded(drawLogits(rng, rows, k, scale));
      const expected = sinkhornKnoppReference(logits, tau);
      expect(maxAbsDiff(assignments(logits, tau), expected)).toBeLessThan(1e-6);
    }
  });

  it('has rows summing to 1 and the same prototype marginals as the reference; more iterations balance the prototypes', () => {
    const logits = rounded(drawLogits(new Rng(22), 10, 4, 1));
    const ours = assignments(logits, 0.2);
    for (const row of ours) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const reference = columnSums(sinkhornKnoppReference(logits, 0.2));
    columnSums(ours).forEach((s, j) => expect(Math.abs(s - reference[j])).toBeLessThan(1e-6));
    // after many rounds every prototype gets B/K of the mass
    for (const s of columnSums(assignments(logits, 0.2, 200))) expect(s).toBeCloseTo(10 / 4, 4);
  });

  it('hand examples: identical rows become uniform; a balanced matrix is a fixed point', () => {
    // identical rows: the first prototype normalisation already spreads every prototype evenly → uniform targets
    const same = [[0.3, -0.1, 0.8], [0.3, -0.1, 0.8], [0.3, -0.1, 0.8], [0.3, -0.1, 0.8]];
    // (tolerances 1e-7: the centre is handed to the replicas as float32)
    for (const row of assignments(same, 0.1)) row.forEach((p) => expect(Math.abs(p - 1 / 3)).toBeLessThan(1e-7));
    // exp(t) = [[2, 1], [1, 2]]: prototypes and rows already balanced → plain softmax [2/3, 1/3], [1/3, 2/3]
    const balanced = [[Math.log(2), 0], [0, Math.log(2)]];
    expect(maxAbsDiff(assignments(balanced, 1), [[2 / 3, 1 / 3], [1 / 3, 2 / 3]])).toBeLessThan(1e-7);
  });

  it('does not depend on the order of the rows (shards may arrive in any order)', () => {
    const logits = drawLogits(new Rng(23), 8, 6, 1);
    const k = 6;
    const a = sinkhornKnoppCenter(Float32Array.from(logits.flat()), k, 0.1);
    const b = sinkhornKnoppCenter(Float32Array.from([...logits.slice(4), ...logits.slice(0, 4)].flat()), k, 0.1);
    a.forEach((v, j) => expect(Math.abs(v - b[j])).toBeLessThan(1e-6));
  });

  it('through the tensor path teacherProbabilities(t, c, τ) matches the reference within 1e-5 (float32)', () => {
    const logits = rounded(drawLogits(new Rng(24), 12, 16, 0.4));
    const flat = Float32Array.from(logits.flat());
    const center = sinkhornKnoppCenter(flat, 16, 0.04);
    const probs = tf.tidy(() => teacherProbabilities(tf.tensor2d(flat, [12, 16]), tf.tensor2d(center, [1, 16]), 0.04).arraySync());
    expect(maxAbsDiff(probs, sinkhornKnoppReference(logits, 0.04))).toBeLessThan(1e-5);
  });

  it('returns a zero centre for no rows and rejects a ragged input', () => {
    expect(Array.from(sinkhornKnoppCenter(new Float32Array(0), 3, 0.1))).toEqual([0, 0, 0]);
    expect(() => sinkhornKnoppCenter(new Float32Array(5), 3, 0.1)).toThrow(/not a multiple of K = 3/);
  });
});
