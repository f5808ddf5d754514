import { describe, expect, it } from 'vitest';
import { cosineSchedule, momentumSchedule, pretrainSchedules, warmupThenConstant } from '../../runtime/train/schedules.ts';
import { DEFAULTS } from '../../dsl/defaults.ts';

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
