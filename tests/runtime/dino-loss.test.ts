import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { initBackend } from '../../runtime/backend.ts';
import { dinoLoss, meanEntropy, teacherProbabilities, updateCenter } from '../../runtime/train/dino-loss.ts';
import { dinoLossReference, updateCenterReference } from '../../runtime/train/dino-loss-reference.ts';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('dinoLoss', () => {
  it('matches a hand-computed two-view example (2 globals, no locals, K = 2, batch 1)', () => {
    // teacher logits (after centring) and temperatures chosen so the softmaxes are easy to write down
    const tauT = 1;
    const tauS = 1;
    const t1 = [0, Math.log(3)]; // P_t = [1/4, 3/4]
    const t2 = [Math.log(2), 0]; // P_t = [2/3, 1/3]
    const s1 = [0, 0]; // P_s = [1/2, 1/2]
    const s2 = [Math.log(4), 0]; // P_s = [4/5, 1/5]
    // pairs: (u=1, v=2) and (u=2, v=1)
    const h12 = -(0.25 * Math.log(0.8) + 0.75 * Math.log(0.2));
    const h21 = -((2 / 3) * Math.log(0.5) + (1 / 3) * Math.log(0.5));
    const expected = (h12 + h21) / 2;
    const loss = dinoLoss({
      student: tf.tensor2d([s1, s2]), teacher: tf.tensor2d([t1, t2]), center: tf.zeros([1, 2]),
      studentTemp: tauS, teacherTemp: tauT, globalViews: 2,
    });
    expect(loss.dataSync()[0]).toBeCloseTo(expected, 6);
  });

  it('agrees with the loop-by-loop reference on random logits with locals, centre and temperatures', () => {
    const rng = new Rng(3);
    const [g, locals, b, k] = [2, 3, 4, 7];
    const views = g + locals;
    const draw = (n: number): number[][][] =>
      Array.from({ length: n }, () => Array.from({ length: b }, () => Array.from({ length: k }, () => rng.normal(0, 2))));
    const student = draw(views);
    const teacher = draw(g);
    const center = Array.from({ length: k }, () => rng.normal(0, 0.5));
    const expected = dinoLossReference(student, teacher, center, 0.1, 0.04);
    const loss = dinoLoss({
      student: tf.tensor2d(student.flat()), teacher: tf.tensor2d(teacher.flat()), center: tf.tensor2d([center]),
      studentTemp: 0.1, teacherTemp: 0.04, globalViews: g,
    });
    expect(loss.dataSync()[0]).toBeCloseTo(expected, 3);
    // the reference itself: 2 · (views) − 2 pairs
    expect(Number.isFinite(expected)).toBe(true);
  });

  it('gives no gradient to the teacher and a correct one to the student', () => {
    const student = tf.tensor2d([[0.3, -0.2], [0.1, 0.4]]);
    const teacher = tf.tensor2d([[1, 0], [0, 1]]);
    const grads = tf.grads((s: tf.Tensor, t: tf.Tensor) =>
      dinoLoss({ student: s as tf.Tensor2D, teacher: t as tf.Tensor2D, center: tf.zeros([1, 2]), studentTemp: 1, teacherTemp: 1, globalViews: 2 }),
    )([student, teacher]);
    // d/ds of the pair (u=other view) cross-entropy is (softmax(s) − P_t(other)) / pairs(=2) / batch(=1)
    const pt = [Math.E / (Math.E + 1), 1 / (Math.E + 1)];
    const ps0 = [Math.exp(0.3), Math.exp(-0.2)];
    const z = ps0[0] + ps0[1];
    const g00 = (ps0[0] / z - pt[1]) / 2; // student view 0 is paired with teacher view 1 = [0, 1] → P = [1/(e+1), e/(e+1)]
    expect(grads[0].dataSync()[0]).toBeCloseTo(g00, 6);
  });
});

describe('centre update and entropy', () => {
  it('c ← m·c + (1 − m)·mean of teacher rows', () => {
    const rows = [[1, 2, 3], [3, 2, 1], [0, 0, 6], [2, 2, 2]];
    const center = [0.5, -0.5, 1];
    const next = updateCenter(tf.tensor2d([center]), tf.tensor2d(rows), 0.9).dataSync();
    // hand: means = [1.5, 1.5, 3]; 0.9·c + 0.1·mean
    expect(Array.from(next)).toEqual([0.6, -0.3, 1.2].map((v) => expect.closeTo(v, 6)));
    expect(updateCenterReference(center, rows, 0.9)).toEqual([0.6, -0.3, 1.2].map((v) => expect.closeTo(v, 12)));
  });

  it('entropy of uniform rows is ln K; of a sharpened teacher lower', () => {
    expect(meanEntropy(tf.fill([3, 8], 1 / 8) as tf.Tensor2D).dataSync()[0]).toBeCloseTo(Math.log(8), 5);
    const p = teacherProbabilities(tf.tensor2d([[0, 1, 2, 3]]), tf.zeros([1, 4]), 0.5);
    expect(meanEntropy(p).dataSync()[0]).toBeLessThan(Math.log(4));
  });
});
