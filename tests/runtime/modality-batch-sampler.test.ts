// The pretraining pool's X-ray/MRI mix: with pretrain.pool.mriShare a number, the MRI share of DINO batches averages
// to it (binomial bounds over many batches), deterministically from the seed and resumable by step; "natural" gives
// the very batches of the plain sampler; a share the pool cannot give fails, naming what is missing.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { DEFAULTS } from '../../dsl/defaults.ts';
import { BatchSampler } from '../../runtime/train/batch-sampler.ts';
import { checkPretrainPool, ModalityBatchSampler, poolModalityOf, pretrainBatchSampler } from '../../runtime/train/modality-batch-sampler.ts';

/** 90 X-ray images, then 30 MRI: a natural MRI share of 1/4. */
const MODALITIES = [...Array<string>(90).fill('xray'), ...Array<string>(30).fill('mri')];
const isMri = (i: number) => MODALITIES[i] === 'mri';

function mriShareOver(sampler: { next(): number[] }, batches: number): number {
  let mri = 0;
  let all = 0;
  for (let b = 0; b < batches; b++) {
    const batch = sampler.next();
    mri += batch.filter(isMri).length;
    all += batch.length;
  }
  return mri / all;
}

describe('pretraining pool sampler', () => {
  it.each([0.5, 0.1, 0.37, 0.9])('draws an expected MRI share of %s', (share) => {
    const sampler = pretrainBatchSampler(MODALITIES.length, 16, { mriShare: share }, MODALITIES, new Rng(7));
    // 1000 batches of 16: the count is floor(16s) or one more, so the share's sd is below 0.5/16/√1000 ≈ 0.0005
    expect(Math.abs(mriShareOver(sampler, 1000) - share)).toBeLessThan(0.003);
  });

  it('takes each batch without repeats, every image of a modality once per pass over it', () => {
    const sampler = new ModalityBatchSampler(MODALITIES.map((m) => poolModalityOf(m)!), 12, 0.5, new Rng(3));
    const mriSeen: number[] = [];
    for (let b = 0; b < 5; b++) {
      const batch = sampler.next();
      expect(new Set(batch).size).toBe(batch.length);
      mriSeen.push(...batch.filter(isMri));
    }
    expect(new Set(mriSeen.slice(0, 30)).size).toBe(30); // 5 batches × 6 MRI = one pass over 30 MRI images
  });

  it('is deterministic, and peek and skip agree with next (a resumed run sees the same batches)', () => {
    const make = () => pretrainBatchSampler(MODALITIES.length, 8, { mriShare: 0.6 }, MODALITIES, new Rng(11).fork('batches'));
    const straight = make();
    const batches = Array.from({ length: 40 }, () => straight.next());
    const resumed = make();
    expect(resumed.peek()).toEqual(batches[0]);
    resumed.skip(25);
    expect(resumed.peek()).toEqual(batches[25]);
    expect(Array.from({ length: 15 }, () => resumed.next())).toEqual(batches.slice(25));
    expect(resumed.epoch).toBe(Math.floor((40 * 8) / MODALITIES.length));
  });

  it('"natural" (the default) gives the plain sampler’s batches, with or without modalities', () => {
    expect(DEFAULTS.pretrain.pool).toEqual({ mriShare: 'natural' });
    const plain = new BatchSampler(MODALITIES.length, 16, new Rng(9).fork('batches'));
    const pooled = pretrainBatchSampler(MODALITIES.length, 16, DEFAULTS.pretrain.pool, undefined, new Rng(9).fork('batches'));
    const withModalities = pretrainBatchSampler(MODALITIES.length, 16, DEFAULTS.pretrain.pool, MODALITIES, new Rng(9).fork('batches'));
    for (let b = 0; b < 20; b++) {
      const expected = plain.next();
      expect(pooled.next()).toEqual(expected);
      expect(withModalities.next()).toEqual(expected);
    }
    expect(Math.abs(mriShareOver(pooled, 2000) - 0.25)).toBeLessThan(0.01);
  });

  it('fails before training when the pool lacks a modality the share asks for', () => {
    const xrayOnly = Array<string>(40).fill('xray');
    expect(() => checkPretrainPool({ mriShare: 0.3 }, xrayOnly, 40)).toThrow('pretrain.pool.mriShare 0.3 asks for MRI images but the pretraining pool has none (40 X-ray)');
    expect(() => checkPretrainPool({ mriShare: 0 }, xrayOnly, 40)).not.toThrow();
    expect(() => checkPretrainPool({ mriShare: 0.5 }, Array<string>(40).fill('MRI'), 40)).toThrow('asks for X-ray images but the pretraining pool has none (40 MRI)');
    expect(() => checkPretrainPool({ mriShare: 0.5 }, undefined, 40)).toThrow('needs the modality of each of the 40 pretraining images');
    expect(() => checkPretrainPool({ mriShare: 0.5 }, ['xray', 'ct'], 2)).toThrow('pretraining image 1 has modality "ct"');
    expect(() => checkPretrainPool({ mriShare: 'natural' }, ['ct'], 1)).not.toThrow();
  });

  it('repeats images only when a modality has fewer than a batch asks of it', () => {
    const few = [...Array<string>(20).fill('xray'), 'mri', 'mri'];
    const sampler = pretrainBatchSampler(few.length, 10, { mriShare: 0.5 }, few, new Rng(1));
    for (let b = 0; b < 10; b++) {
      const batch = sampler.next();
      expect(batch).toHaveLength(10);
      expect(batch.filter((i) => i >= 20)).toHaveLength(5);
    }
  });
});
