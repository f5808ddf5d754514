// flattenParams: dotted keys, arrays as JSON, scalars as strings, MLflow limits enforced.
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../dsl/defaults.ts';
import { flattenParams } from '../../tracking/flatten.ts';

describe('flattenParams', () => {
  it('turns nested objects into dotted keys and arrays into JSON text', () => {
    expect(
      flattenParams({
        pretrain: { ema: { start: 0.996, schedule: 'cosine' }, crops: { global: { scale: [0.4, 1.0] } } },
        eval: { labelFractions: [0.25, 0.5, 1] },
        seed: 0,
        flags: { on: true, off: false, none: null, unset: undefined },
      }),
    ).toEqual({
      'pretrain.ema.start': '0.996',
      'pretrain.ema.schedule': 'cosine',
      'pretrain.crops.global.scale': '[0.4,1]',
      'eval.labelFractions': '[0.25,0.5,1]',
      seed: '0',
      'flags.on': 'true',
      'flags.off': 'false',
      'flags.none': 'null',
    });
  });

  it('prefixes keys and flattens a single value under the prefix', () => {
    expect(flattenParams({ a: { b: 1 } }, 'spec')).toEqual({ 'spec.a.b': '1' });
    expect(flattenParams(5e-4, 'lr')).toEqual({ lr: '0.0005' });
    expect(() => flattenParams(5)).toThrow(/needs an object/);
  });

  it('flattens the whole default spec into valid MLflow params', () => {
    const params = flattenParams(DEFAULTS);
    expect(params['pretrain.optimizer.lr']).toBe('0.00015'); // Python str(1.5e-4)
    expect(params['eval.labelFractions']).toBe('[0.25,0.5,1]');
    expect(params['pretrain.crops.local.scale']).toBe('[0.05,0.4]');
    expect(Object.keys(params).length).toBeGreaterThan(30);
  });

  it('throws, naming the key, when a value is longer than 6000 characters', () => {
    expect(() => flattenParams({ sweep: { values: Array.from({ length: 2000 }, (_, i) => i) } })).toThrow(/'sweep.values'.*6000/);
  });

  it('throws on keys MLflow would reject and on unsupported values', () => {
    expect(() => flattenParams({ 'bad:key': 1 })).toThrow(/Invalid param key/);
    expect(() => flattenParams({ when: new Date(0) })).toThrow(/'when'/);
  });
});
