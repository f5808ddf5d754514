import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { initBackend } from '../../runtime/backend.ts';
import { ParamStore } from '../../runtime/model/param-store.ts';
import { VisionTransformer } from '../../runtime/model/vit.ts';
import { shutdownReplicaWorkers } from '../../runtime/train/parallel/replica-workers.ts';
import { pretrainDino } from '../../runtime/train/pretrain-dino.ts';
import { assertNoSharedVariables } from '../../runtime/train/shared-variables.ts';
import { standInShapes } from './stand-in-shapes.ts';
import { TINY_VIT, tinyPretrain } from './tiny-setup.ts';

const data = standInShapes(24, 16, 2);

beforeAll(async () => {
  await initBackend('wasm');
});
afterAll(async () => {
  await shutdownReplicaWorkers();
});

const maxAbsDiff = (a: Float32Array, b: Float32Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

describe('pretrainDino', () => {
  it('leaks no tensors: the count is flat across steps and back to the start once results are disposed', async () => {
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const result = await pretrainDino({
      images: data.images, imageSize: 16, backbone: VisionTransformer.create(TINY_VIT, new Rng(1), 'leak'),
      pretrain: tinyPretrain({ steps: 4 }), rng: new Rng(1), replicas: 1,
      onProgress: () => counts.push(tf.memory().numTensors),
    });
    expect(counts.length).toBe(4);
    expect(new Set(counts.slice(1)).size).toBe(1);
    result.teacher.dispose();
    result.student.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('returns a teacher and a student that share no variables, and logs finite diagnostics', async () => {
    const result = await pretrainDino({
      images: data.images, imageSize: 16, backbone: VisionTransformer.create(TINY_VIT, new Rng(2), 'share'),
      pretrain: tinyPretrain(), rng: new Rng(2), replicas: 1,
    });
    expect(() => assertNoSharedVariables([result.student.params], [result.teacher.params])).not.toThrow();
    expect(result.log.map((e) => e.step)).toEqual([0, 1, 2]);
    for (const e of result.log) {
      for (const v of [e.loss, e.teacherEntropy, e.featureStd, e.lr, e.momentum, e.teacherTemp, e.imagesPerSec, e.klDivergence, e.prototypeUsage, e.weightDecay]) {
        expect(Number.isFinite(v)).toBe(true);
      }
      // at most one prototype per teacher row: 8 images × 2 global crops over K = 16
      expect(e.prototypeUsage).toBeLessThanOrEqual(1);
      expect(e.klDivergence).toBeGreaterThanOrEqual(0);
      expect(e.teacherEntropy).toBeLessThanOrEqual(Math.log(16) + 1e-4);
    }
    result.teacher.dispose();
    result.student.dispose();
  });

  it('makes the teacher the EMA of the student: after one step teacher = λ0·init + (1 − λ0)·student', async () => {
    const init = VisionTransformer.create(TINY_VIT, new Rng(3), 'ema');
    const initWeights = init.toWeights();
    const spec = tinyPretrain({ steps: 1, ema: { start: 0.9, end: 1, schedule: 'cosine' }, optimizer: { ...tinyPretrain().optimizer, warmupSteps: 0, lr: 1e-2 } });
    const result = await pretrainDino({ images: data.images, imageSize: 16, backbone: init, pretrain: spec, rng: new Rng(3), replicas: 1 });
    const student = result.student.toWeights();
    for (const [name, t] of result.teacher.toWeights()) {
      const expected = initWeights.get(name)!.data.map((v, i) => 0.9 * v + 0.1 * student.get(name)!.data[i]);
      expect(maxAbsDiff(t.data, expected)).toBeLessThan(1e-6);
    }
    // and the student did move
    expect(maxAbsDiff(student.get('blocks.0.attn.qkv.weight')!.data, initWeights.get('blocks.0.attn.qkv.weight')!.data)).toBeGreaterThan(1e-4);
    result.teacher.dispose();
    result.student.dispose();
  });

  it("with method 'none' or 0 steps returns the initial backbone", async () => {
    const init = VisionTransformer.create(TINY_VIT, new Rng(4), 'none');
    const w = init.toWeights();
    const result = await pretrainDino({ images: data.images, imageSize: 16, backbone: init, pretrain: tinyPretrain({ method: 'none' }), rng: new Rng(4) });
    expect(result.log).toEqual([]);
    expect(result.teacher.toWeights().get('pos_embed')!.data).toEqual(w.get('pos_embed')!.data);
    expect(result.teacher).not.toBe(result.student);
    result.teacher.dispose();
    result.student.dispose();
  });

  it.each([0, 0.3])('gives the same weights with two worker-thread replicas as with one (dropPath %s, up to float rounding)', async (dropPath) => {
    const run = async (replicas: number) => {
      const result = await pretrainDino({
        images: data.images, imageSize: 16, backbone: VisionTransformer.create({ ...TINY_VIT, dropPath }, new Rng(5), `dp${replicas}`),
        pretrain: tinyPretrain(), rng: new Rng(5), replicas,
      });
      const teacher = result.teacher.toWeights();
      const losses = result.log.map((e) => e.loss);
      result.teacher.dispose();
      result.student.dispose();
      return { teacher, losses, replicas: result.replicas, reason: result.fallbackReason };
    };
    const one = await run(1);
    const two = await run(2);
    expect(two.reason).toBeUndefined();
    expect(two.replicas).toBe(2);
    two.losses.forEach((l, i) => expect(l).toBeCloseTo(one.losses[i], 5));
    for (const [name, w] of one.teacher) expect(maxAbsDiff(w.data, two.teacher.get(name)!.data)).toBeLessThan(1e-6);
  });
});

describe('DINO learning signal (tiny model)', () => {
  it('the student’s loss against a held teacher decreases over a short run', async () => {
    // With λ = 1 the teacher stays at its initial weights and, after the centre priming, its targets are
    // stationary: the loss must fall as the student fits them. (With a moving teacher the DINO loss is not
    // monotone — it rises towards ln K while the centre adapts, then falls as features diversify.)
    const losses: number[] = [];
    const result = await pretrainDino({
      images: data.images, imageSize: 16, backbone: VisionTransformer.create(TINY_VIT, new Rng(6), 'learn'), replicas: 1,
      pretrain: tinyPretrain({
        steps: 30, batchSize: 12, ema: { start: 1, end: 1, schedule: 'constant' },
        head: { hiddenDim: 64, bottleneckDim: 16, outDim: 32 },
        optimizer: { ...tinyPretrain().optimizer, lr: 1e-3, warmupSteps: 3 },
      }),
      rng: new Rng(6),
      onLog: (e) => losses.push(e.loss),
    });
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(losses.slice(-5))).toBeLessThan(0.8 * mean(losses.slice(0, 5)));
    result.teacher.dispose();
    result.student.dispose();
  });
});

describe('assertNoSharedVariables', () => {
  it('throws when a store appears on both sides', () => {
    const store = new ParamStore('shared');
    store.add('w', [1], new Float32Array([1]));
    expect(() => assertNoSharedVariables([store], [store])).toThrow(/shared between teacher and student/);
    store.dispose();
  });
});
