import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, deepMerge, loadSpecFile, resolveSpec, setPath, SpecError } from '../../dsl/index.ts';
import type { ExperimentSpec } from '../../dsl/index.ts';

const SPECS = join(import.meta.dirname, '..', 'fixtures', 'specs');

describe('resolveSpec', () => {
  it('fills every field from DEFAULTS and names the tracking experiment after the spec', () => {
    const resolved = resolveSpec({ name: 'plain' });
    expect(resolved).toEqual({ ...DEFAULTS, name: 'plain', description: '', tracking: { uri: './mlruns', experiment: 'plain' } });
  });

  it('merges objects key by key and replaces arrays and scalars', () => {
    const resolved = resolveSpec({
      name: 'x',
      pretrain: { ema: { start: 0.99 }, crops: { local: { scale: [0.1, 0.3] } } },
      eval: { labelFractions: [1.0] },
      tracking: { experiment: 'kl-study' },
    });
    expect(resolved.pretrain.ema).toEqual({ start: 0.99, end: 1.0, schedule: 'cosine' });
    expect(resolved.pretrain.crops.local).toEqual({ count: 8, size: 32, scale: [0.1, 0.3] });
    expect(resolved.pretrain.crops.global).toEqual(DEFAULTS.pretrain.crops.global);
    expect(resolved.eval.labelFractions).toEqual([1.0]);
    expect(resolved.tracking).toEqual({ uri: './mlruns', experiment: 'kl-study' });
  });

  it('applies a profile last: DEFAULTS ← spec ← profile', () => {
    const spec: ExperimentSpec = {
      name: 'x',
      seed: 3,
      pretrain: { steps: 100, batchSize: 16, crops: { local: { count: 4 } } },
      eval: { labelFractions: [0.25, 1.0] },
      profiles: { smoke: { pretrain: { steps: 5, crops: { local: { size: 16 } } }, eval: { labelFractions: [1.0] } } },
    };
    const resolved = resolveSpec(spec, { profile: 'smoke' });
    expect(resolved.seed).toBe(3);
    expect(resolved.pretrain.steps).toBe(5);
    expect(resolved.pretrain.batchSize).toBe(16);
    expect(resolved.pretrain.crops.local).toEqual({ count: 4, size: 16, scale: [0.05, 0.4] });
    expect(resolved.eval.labelFractions).toEqual([1.0]);
    expect(resolved).not.toHaveProperty('profiles');
    expect(resolved).not.toHaveProperty('sweep');
  });

  it('resolves the YAML fixture, merge keys included', async () => {
    const spec = (await loadSpecFile(join(SPECS, 'valid.yaml'))).raw as ExperimentSpec;
    const smoke = resolveSpec(spec, { profile: 'smoke' });
    expect(smoke.pretrain.crops.global).toEqual({ count: 2, size: 64, scale: [0.4, 1.0] });
    expect(smoke.pretrain.crops.local).toEqual({ count: 2, size: 16, scale: [0.05, 0.4] });
    expect(smoke.pretrain.ema).toEqual({ start: 0.99, end: 1.0, schedule: 'cosine' });
    expect(smoke.stats.bootstrap).toBe(200);
  });

  it('never mutates DEFAULTS or the spec', () => {
    const before = structuredClone(DEFAULTS);
    const spec: ExperimentSpec = { name: 'x', eval: { labelFractions: [0.5] } };
    const resolved = resolveSpec(spec);
    resolved.eval.labelFractions.push(0.75);
    resolved.pretrain.crops.global.scale[0] = 0.9;
    expect(DEFAULTS).toEqual(before);
    expect(spec.eval?.labelFractions).toEqual([0.5]);
  });

  it('rejects an unknown profile, listing the available ones', () => {
    const spec: ExperimentSpec = { name: 'x', profiles: { smoke: {}, full: {} } };
    let error: unknown;
    try {
      resolveSpec(spec, { profile: 'smok', file: 'kl.yaml' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).issues[0]).toMatchObject({
      file: 'kl.yaml',
      path: '/profiles',
      message: 'unknown profile "smok"; did you mean "smoke"? (available: smoke, full)',
      suggestion: 'smoke',
    });
    expect(() => resolveSpec({ name: 'x' }, { profile: 'smoke' })).toThrow('this spec defines no profiles');
  });
});

describe('setPath and deepMerge', () => {
  it('setPath sets an existing field in place and returns the target', () => {
    const resolved = resolveSpec({ name: 'x' });
    expect(setPath(resolved, 'pretrain.ema.start', 0.9)).toBe(resolved);
    expect(resolved.pretrain.ema.start).toBe(0.9);
  });

  it('setPath refuses a path that names no field', () => {
    const resolved = resolveSpec({ name: 'x' });
    expect(() => setPath(resolved, 'pretrain.ema.strat', 0.9)).toThrow('"strat" not found under pretrain.ema');
    expect(() => setPath(resolved, 'seed.value', 1)).toThrow('"value" not found under seed');
  });

  it('deepMerge replaces arrays and lets null override', () => {
    expect(deepMerge({ a: { b: [1, 2], c: 1 } }, { a: { b: [3] } })).toEqual({ a: { b: [3], c: 1 } });
    expect(deepMerge({ a: { b: 1 } }, { a: null })).toEqual({ a: null });
    expect(deepMerge({ a: 1 }, { a: undefined })).toEqual({ a: 1 });
  });
});
