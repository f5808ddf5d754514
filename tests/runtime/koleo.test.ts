import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../runtime/backend.ts';
import * as tf from '@tensorflow/tfjs';
import { koleoGroupOf, koleoLoss, koleoShardLoss } from '../../runtime/train/koleo.ts';
import { Rng } from '../../benchmarks/rng.ts';

/** Plain-loop restatement of DINOv2's KoLeoLoss (normalise, nearest other row by inner product, −mean log distance). */
function referenceKoleo(rows: number[][]): number {
  const z = rows.map((r) => {
    const norm = Math.max(Math.hypot(...r), 1e-8);
    return r.map((v) => v / norm);
  });
  let total = 0;
  for (let i = 0; i < z.length; i++) {
    let best = -1;
    let bestDot = -Infinity;
    for (let j = 0; j < z.length; j++) {
      if (j === i) continue;
      const dot = z[i].reduce((s, v, k) => s + v * z[j][k], 0);
      if (dot > bestDot) [best, bestDot] = [j, dot];
    }
    const distance = Math.sqrt(z[i].reduce((s, v, k) => s + (v - z[best][k] + 1e-8) ** 2, 0));
    total += -Math.log(distance + 1e-8);
  }
  return total / z.length;
}

beforeAll(async () => {
  await initBackend('wasm');
});

describe('KoLeo regulariser', () => {
  it('has a gradient on the WASM backend that matches central finite differences', () => {
    const rng = new Rng(11);
    const rows = Array.from({ length: 6 }, () => Array.from({ length: 3 }, () => rng.normal()));
    const x = tf.tensor2d(rows);
    const grad = tf.grad((t: tf.Tensor) => koleoLoss(t as tf.Tensor2D))(x).arraySync() as number[][];
    const h = 1e-3;
    for (const [i, k] of [[0, 0], [2, 1], [5, 2]]) {
      const shifted = (delta: number) => {
        const copy = rows.map((r) => [...r]);
        copy[i][k] += delta;
        return referenceKoleo(copy);
      };
      expect(grad[i][k]).toBeCloseTo((shifted(h) - shifted(-h)) / (2 * h), 2);
    }
  });

  it('matches a hand-computed example: three points on the unit circle, every nearest neighbour at √2', () => {
    const loss = koleoLoss(tf.tensor2d([[2, 0], [0, 3], [-1, 0]]));
    expect(loss.dataSync()[0]).toBeCloseTo(-Math.log(Math.SQRT2), 6);
    loss.dispose();
  });

  it('agrees with a loop restatement on seeded random features', () => {
    const rng = new Rng(7);
    const rows = Array.from({ length: 12 }, () => Array.from({ length: 5 }, () => rng.normal()));
    const loss = koleoLoss(tf.tensor2d(rows));
    expect(loss.dataSync()[0]).toBeCloseTo(referenceKoleo(rows), 5);
    loss.dispose();
  });

  it('is lower for spread-out features than for clustered ones, and 0 for a single row', () => {
    const spread = koleoLoss(tf.tensor2d([[1, 0], [0, 1], [-1, 0], [0, -1]]));
    const clustered = koleoLoss(tf.tensor2d([[1, 0], [1, 0.01], [1, 0.02], [1, 0.03]]));
    expect(spread.dataSync()[0]).toBeLessThan(clustered.dataSync()[0]);
    expect(koleoLoss(tf.tensor2d([[1, 2]])).dataSync()[0]).toBe(0);
  });

  it('gives the same batch loss whether one shard or two hold the batch (groups are fixed halves)', () => {
    const rng = new Rng(3);
    const batch = 8;
    const views = 2;
    const rowsOf = (positions: number[]) => {
      const out: number[][] = [];
      for (let v = 0; v < views; v++) for (const p of positions) out.push(Array.from({ length: 4 }, (_, k) => Math.sin(p * 1.3 + v * 0.7 + k) + 0.1 * rng.normal()));
      return out;
    };
    const all = Array.from({ length: batch }, (_, i) => i);
    const groupOf = koleoGroupOf(batch);
    const whole = rowsOf(all);
    const one = koleoShardLoss(tf.tensor2d(whole), views, all, groupOf).dataSync()[0];
    // split the same rows into two shards of positions 0–3 and 4–7, each weighted by its share of the batch
    const shardRows = (positions: number[]) => [0, 1].flatMap((v) => positions.map((p) => whole[v * batch + p]));
    const first = [0, 1, 2, 3];
    const second = [4, 5, 6, 7];
    const two = 0.5 * koleoShardLoss(tf.tensor2d(shardRows(first)), views, first, groupOf).dataSync()[0]
      + 0.5 * koleoShardLoss(tf.tensor2d(shardRows(second)), views, second, groupOf).dataSync()[0];
    expect(two).toBeCloseTo(one, 6);
  });
});
