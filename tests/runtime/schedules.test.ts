import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { initBackend } from '../../runtime/backend.ts';
import { ParamStore } from '../../runtime/model/param-store.ts';
import { VisionTransformer } from '../../runtime/model/vit.ts';
import { AdamW } from '../../runtime/train/adamw.ts';
import { ParamLayout } from '../../runtime/train/param-layout.ts';
import { pretrainDino } from '../../runtime/train/pretrain-dino.ts';
import {
  cosineSchedule, describeLrScaling, frozenLastLayerSteps, momentumSchedule, peakLearningRate, pretrainSchedules, warmupThenConstant,
} from '../../runtime/train/schedules.ts';
import { DEFAULTS } from '../../dsl/defaults.ts';
import { standInShapes } from './stand-in-shapes.ts';
import { TINY_VIT, tinyPretrain } from './tiny-setup.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('cosineSchedule (DINO cosine_scheduler semantics)', () => {
  const s = cosineSchedule({ base: 1e-3, final: 1e-6, totalSteps: 110, warmupSteps: 10 });

  it('warms up linearly from 0 with both ends included (numpy linspace)', () => {
    expect(s[0]).toBe(0);
    expect(s[9]).toBeCloseTo(1e-3, 15);
    expect(s[4]).toBeCloseTo((4 / 9) * 1e-3, 15);
  });

  it('follows final + ½(base − final)(1 + cos(π i / K)) after warm-up', () => {
    expect(s[10]).toBeCloseTo(1e-3, 15);
    // midpoint of the 100-step cosine: cos(π/2) = 0
    expect(s[60]).toBeCloseTo(1e-6 + 0.5 * (1e-3 - 1e-6), 15);
    expect(s[109]).toBeCloseTo(1e-6 + 0.5 * (1e-3 - 1e-6) * (1 + Math.cos((Math.PI * 99) / 100)), 15);
    expect(s.length).toBe(110);
  });

  it('without warm-up starts at base', () => {
    expect(cosineSchedule({ base: 2, final: 1, totalSteps: 4 })[0]).toBe(2);
  });
});

describe('momentumSchedule', () => {
  it('cosine: λ_k = 1 − ½(1 − λ0)(1 + cos(πk/K)) for end 1', () => {
    const m = momentumSchedule(0.996, 1, 'cosine', 300);
    expect(m[0]).toBeCloseTo(0.996, 15);
    expect(m[150]).toBeCloseTo(0.998, 15);
    expect(m[299]).toBeCloseTo(1 - 0.5 * 0.004 * (1 + Math.cos((Math.PI * 299) / 300)), 15);
  });

  it('linear and constant ramps', () => {
    const lin = momentumSchedule(0.9, 1, 'linear', 10);
    expect(lin[0]).toBeCloseTo(0.9, 15);
    expect(lin[5]).toBeCloseTo(0.95, 15);
    expect(momentumSchedule(0.99, 1, 'constant', 5).every((v) => v === 0.99)).toBe(true);
  });
});

describe('teacher temperature warm-up', () => {
  it('linspace(start, end, W) then constant end', () => {
    const t = warmupThenConstant(0.04, 0.07, 31, 100);
    expect(t[0]).toBeCloseTo(0.04, 15);
    expect(t[15]).toBeCloseTo(0.055, 15);
    expect(t[30]).toBeCloseTo(0.07, 15);
    expect(t[99]).toBe(0.07);
  });

  it('no warm-up is constant at the end value', () => {
    expect(warmupThenConstant(0.04, 0.07, 0, 3)).toEqual(new Float64Array([0.07, 0.07, 0.07]));
  });
});

describe('pretrainSchedules', () => {
  it('derives all schedules from the default spec', () => {
    const s = pretrainSchedules(DEFAULTS.pretrain);
    const o = DEFAULTS.pretrain.optimizer;
    expect(s.lr.length).toBe(DEFAULTS.pretrain.steps);
    expect(s.lr[o.warmupSteps - 1]).toBeCloseTo(o.lr, 12);
    expect(s.momentum[0]).toBeCloseTo(DEFAULTS.pretrain.ema.start, 12);
    expect(s.teacherTemp[0]).toBeCloseTo(DEFAULTS.pretrain.teacherTemperature.start, 12);
  });
});

describe('weight-decay ramp (DINO: cosine 0.04 → 0.4, no warm-up)', () => {
  const spec = { ...DEFAULTS.pretrain, steps: 100, optimizer: { ...DEFAULTS.pretrain.optimizer, weightDecay: 0.04, weightDecayEnd: 0.4 } };

  it('starts at weightDecay and follows final + ½(base − final)(1 + cos(πi/K)) to the last step', () => {
    const wd = pretrainSchedules(spec).weightDecay;
    expect(wd.length).toBe(100);
    expect(wd[0]).toBeCloseTo(0.04, 15);
    // cos(π/2) = 0: halfway between the ends
    expect(wd[50]).toBeCloseTo(0.22, 15);
    // numpy: 0.4 + 0.5 * (0.04 - 0.4) * (1 + cos(pi * 99 / 100)) = 0.39991118...
    expect(wd[99]).toBeCloseTo(0.4 + 0.5 * (0.04 - 0.4) * (1 + Math.cos((Math.PI * 99) / 100)), 15);
    expect(wd[99]).toBeCloseTo(0.399911, 6);
  });

  it("'same' (the default) keeps every step at exactly weightDecay", () => {
    const wd = pretrainSchedules(DEFAULTS.pretrain).weightDecay;
    expect(DEFAULTS.pretrain.optimizer.weightDecayEnd).toBe('same');
    expect(wd.every((v) => v === DEFAULTS.pretrain.optimizer.weightDecay)).toBe(true);
  });

  it('reaches only the decay group: with a zero gradient a weight shrinks by (1 − lr·wd), a bias does not move', async () => {
    const store = new ParamStore('wd');
    store.add('fc.weight', [2, 2], new Float32Array([1, -2, 3, -4]));
    store.add('fc.bias', [2], new Float32Array([1, 1]));
    const layout = new ParamLayout([store]);
    const optimizer = new AdamW(layout);
    const wd = pretrainSchedules(spec).weightDecay;
    const lr = 0.5;
    optimizer.step(new Float32Array(layout.size), lr, wd[0]);
    optimizer.step(new Float32Array(layout.size), lr, wd[99]);
    const expected = (1 - lr * wd[0]) * (1 - lr * wd[99]);
    expect([...store.get('fc.weight').dataSync()]).toEqual([1, -2, 3, -4].map((v) => Math.fround(Math.fround(v * (1 - lr * wd[0])) * (1 - lr * wd[99]))));
    expect(store.get('fc.weight').dataSync()[0]).toBeCloseTo(expected, 6);
    expect([...store.get('fc.bias').dataSync()]).toEqual([1, 1]);
    store.dispose();
  });
});

describe('learning-rate scaling by batch size', () => {
  it("'linear-256' peaks at lr × batchSize / 256 (DINO main_dino.py); minLr is not scaled", () => {
    const spec = {
      ...DEFAULTS.pretrain, steps: 50, batchSize: 64,
      optimizer: { ...DEFAULTS.pretrain.optimizer, lr: 5e-4, minLr: 1e-6, warmupSteps: 10, lrScaling: 'linear-256' as const },
    };
    expect(peakLearningRate(spec)).toBeCloseTo(1.25e-4, 18);
    const lr = pretrainSchedules(spec).lr;
    expect(lr[0]).toBe(0);
    expect(lr[9]).toBeCloseTo(1.25e-4, 18);
    expect(lr[49]).toBeCloseTo(1e-6 + 0.5 * (1.25e-4 - 1e-6) * (1 + Math.cos((Math.PI * 39) / 40)), 18);
    expect(describeLrScaling(spec)).toMatch(/0\.0001250 = lr 0\.0005 × batch 64 \/ 256/);
  });

  it("'none' (the default) uses lr as given and logs nothing", () => {
    expect(peakLearningRate(DEFAULTS.pretrain)).toBe(DEFAULTS.pretrain.optimizer.lr);
    expect(describeLrScaling(DEFAULTS.pretrain)).toBeUndefined();
  });
});

describe('freezeLastLayerSteps', () => {
  it("'epoch' (the default) is ⌊images / batchSize⌋ steps, DINO's freeze_last_layer = 1; a number is taken as is", () => {
    expect(DEFAULTS.pretrain.freezeLastLayerSteps).toBe('epoch');
    expect(frozenLastLayerSteps({ ...DEFAULTS.pretrain, batchSize: 32 }, 100)).toBe(3);
    expect(frozenLastLayerSteps({ ...DEFAULTS.pretrain, freezeLastLayerSteps: 7 }, 100)).toBe(7);
    expect(frozenLastLayerSteps({ ...DEFAULTS.pretrain, freezeLastLayerSteps: 0 }, 100)).toBe(0);
  });

  it('keeps the prototypes at their initial value for exactly that many steps', async () => {
    const data = standInShapes(16, 16, 3);
    const prototypesAfter = async (freezeLastLayerSteps: number, steps: number): Promise<Float32Array[]> => {
      const seen: Float32Array[] = [];
      const result = await pretrainDino({
        images: data.images, imageSize: 16, backbone: VisionTransformer.create(TINY_VIT, new Rng(8), 'freeze'),
        pretrain: tinyPretrain({ steps, freezeLastLayerSteps, checkpointEvery: 1 }), rng: new Rng(8), replicas: 1,
        onCheckpoint: async (c) => {
          seen.push(c.state.studentHead.get('last_layer.weight_v')!.data);
        },
      });
      result.teacher.dispose();
      result.student.dispose();
      return seen;
    };
    // the tiny spec warms up over one step, so step 0 has lr 0: the checkpoint after it holds the initial prototypes
    const [initial, afterStep1, afterStep2] = await prototypesAfter(2, 3);
    expect(afterStep1).toEqual(initial);
    expect(afterStep2).not.toEqual(afterStep1);
    const [, unfrozen] = await prototypesAfter(0, 2);
    expect(unfrozen).not.toEqual(initial);
  });
});
