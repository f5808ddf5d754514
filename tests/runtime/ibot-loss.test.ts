import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { initBackend } from '../../runtime/backend.ts';
import { teacherProbabilities } from '../../runtime/train/dino-loss.ts';
import { ibotLoss, maskedPatches, selectRows } from '../../runtime/train/ibot-loss.ts';
import { ibotLossReference } from '../../runtime/train/ibot-loss-reference.ts';

beforeAll(async () => {
  await initBackend('cpu');
});

/** The loss as the replica computes it, from per-patch logits [crops·P, K] of every crop. */
function lossFromAllPatches(
  student: number[][][], teacher: number[][][], masks: number[][], center: number[], studentTemp: number, teacherTemp: number,
): number {
  return tf.tidy(() => {
    const masked = maskedPatches(masks.map((m) => Uint8Array.from(m)));
    const s = selectRows(tf.tensor2d(student.flat()), masked.rows);
    const t = selectRows(tf.tensor2d(teacher.flat()), masked.rows);
    const probs = teacherProbabilities(t, tf.tensor2d([center]), teacherTemp);
    return ibotLoss({ student: s, teacherProbs: probs, masked, studentTemp }).dataSync()[0];
  });
}

describe('ibotLoss', () => {
  it('matches a hand-computed example: 3 crops of 2 patches, K = 2, masks {both}, {second}, {}', () => {
    const ln = Math.log;
    // teacher softmaxes [1/4, 3/4], [2/3, 1/3], [1/2, 1/2]; student softmaxes [4/5, 1/5], [1/2, 1/2], [1/4, 3/4]
    const teacher = [[[0, ln(3)], [ln(2), 0]], [[5, 5], [0, 0]], [[1, 2], [3, 4]]];
    const student = [[[ln(4), 0], [0, 0]], [[7, 7], [0, ln(3)]], [[1, 0], [0, 1]]];
    const masks = [[1, 1], [0, 1], [0, 0]];
    const h00 = -(0.25 * ln(0.8) + 0.75 * ln(0.2));
    const h01 = ln(2);
    const h11 = -(0.5 * ln(0.25) + 0.5 * ln(0.75));
    // per crop: mean over its masked patches; then mean over all 3 crops (the unmasked one adds 0)
    const expected = ((h00 + h01) / 2 + h11 + 0) / 3;
    expect(Math.abs(lossFromAllPatches(student, teacher, masks, [0, 0], 1, 1) - expected)).toBeLessThan(1e-6);
    expect(Math.abs(ibotLossReference(student, teacher, masks, [0, 0], 1, 1) - expected)).toBeLessThan(1e-12);
  });

  it('agrees with the loop-by-loop reference on random logits, masks, centre and temperatures (1e-5)', () => {
    const rng = new Rng(41);
    const [crops, patches, k] = [5, 9, 7];
    const draw = (): number[][][] =>
      Array.from({ length: crops }, () => Array.from({ length: patches }, () => Array.from({ length: k }, () => rng.normal(0, 0.3))));
    const student = draw();
    const teacher = draw();
    // crop 3 unmasked; the others with 1 to 9 masked patches
    const masks = Array.from({ length: crops }, (_, c) => Array.from({ length: patches }, (_, p) => (c !== 3 && (p < 1 + 2 * c || rng.bernoulli(0.3)) ? 1 : 0)));
    const center = Array.from({ length: k }, () => rng.normal(0, 0.1));
    const expected = ibotLossReference(student, teacher, masks, center, 0.1, 0.07);
    expect(Math.abs(lossFromAllPatches(student, teacher, masks, center, 0.1, 0.07) - expected)).toBeLessThan(1e-5);
  });

  it('weights each masked patch by 1/(masked patches of its crop) and is 0 without masked patches', () => {
    const masked = maskedPatches([Uint8Array.from([1, 0, 1, 1]), Uint8Array.from([0, 0, 0, 0]), Uint8Array.from([0, 1, 0, 0])]);
    expect(masked.rows).toEqual([0, 2, 3, 9]);
    expect(Array.from(masked.weights)).toEqual([1 / 3, 1 / 3, 1 / 3, 1].map((w) => Math.fround(w)));
    expect(masked.crops).toBe(3);
    const none = maskedPatches([new Uint8Array(4)]);
    const loss = ibotLoss({ student: tf.zeros([0, 3]), teacherProbs: tf.zeros([0, 3]), masked: none, studentTemp: 0.1 });
    expect(loss.dataSync()[0]).toBe(0);
  });

  it('passes the gradient back through the row selection: w_m (softmax(s_m/τ) − P_t,m)/(τ · crops) on masked rows, 0 elsewhere', () => {
    const source = tf.tensor2d([[0.2, -0.1], [0.5, 0.3], [-0.4, 0.1], [0, 0]]);
    const masked = maskedPatches([Uint8Array.from([0, 1]), Uint8Array.from([1, 1])]);
    const teacherProbs = tf.tensor2d([[0.9, 0.1], [0.3, 0.7], [0.5, 0.5]]);
    const grad = tf.grad((x: tf.Tensor) => ibotLoss({ student: selectRows(x as tf.Tensor2D, masked.rows), teacherProbs, masked, studentTemp: 0.5 }))(source);
    const softmax = (row: number[]): number[] => {
      const e = row.map((v) => Math.exp(v / 0.5));
      return e.map((v) => v / (e[0] + e[1]));
    };
    const rows = source.arraySync();
    const expected = [[0, 0], ...[1, 2, 3].map((r, i) => {
      const w = [1, 0.5, 0.5][i];
      return softmax(rows[r]).map((p, j) => (w * (p - teacherProbs.arraySync()[i][j])) / (0.5 * 2));
    })];
    (grad.arraySync() as number[][]).forEach((row, r) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[r][j], 6)));
  });
});
