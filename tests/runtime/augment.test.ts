import { describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { DEFAULTS } from '../../dsl/defaults.ts';
import { cropPolicy, multiCropBatch, planCrop } from '../../runtime/train/augment.ts';
import { gaussianBlur } from '../../runtime/train/photometric.ts';
import { resampleBox, sampleCropBox } from '../../runtime/train/random-resized-crop.ts';
import { standInShapes } from './stand-in-shapes.ts';

const crops = DEFAULTS.pretrain.crops;
const images = standInShapes(6, 32, 5).images;
const small = { global: { ...crops.global, size: 32 }, local: { ...crops.local, size: 16 } };
const streams = (seed: number): Rng[] => images.map((_, b) => new Rng(seed).fork(b));

describe('multiCropBatch', () => {
  it('is deterministic given the seed and differs across seeds', () => {
    const a = multiCropBatch(images, 32, small, streams(1));
    const b = multiCropBatch(images, 32, small, streams(1));
    const c = multiCropBatch(images, 32, small, streams(2));
    expect(a.global).toEqual(b.global);
    expect(a.local).toEqual(b.local);
    expect(a.global).not.toEqual(c.global);
  });

  it('crops of an image depend only on its own stream (shards of a batch render the same crops)', () => {
    const all = multiCropBatch(images, 32, small, streams(1));
    const second = multiCropBatch(images.slice(3), 32, small, streams(1).slice(3));
    const px = 32 * 32;
    // global view 0 of image 3 is at (0·6 + 3) in the full batch and (0·3 + 0) in the shard
    expect(second.global.subarray(0, px)).toEqual(all.global.subarray(3 * px, 4 * px));
  });

  it('has view-major shapes and values in [0, 1]', () => {
    const out = multiCropBatch(images, 32, small, streams(1));
    expect(out.global.length).toBe(small.global.count * images.length * 32 * 32);
    expect(out.local.length).toBe(small.local.count * images.length * 16 * 16);
    for (const px of [out.global, out.local]) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of px) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      expect(lo).toBeGreaterThanOrEqual(0);
      expect(hi).toBeLessThanOrEqual(1);
      expect(hi - lo).toBeGreaterThan(0.05);
    }
  });
});

describe('augmentation policy rates (the dinov2 inverted-blur bug must not recur)', () => {
  const rates = (kind: 'g1' | 'g2' | 'local') => {
    const rng = new Rng(11);
    const policy = kind === 'local' ? cropPolicy('local') : cropPolicy('global', kind === 'g1' ? 0 : 1);
    const crop = kind === 'local' ? crops.local : crops.global;
    const n = 4000;
    const counts = { blur: 0, solarize: 0, flip: 0, jitter: 0, area: 0 };
    for (let i = 0; i < n; i++) {
      const p = planCrop(rng, 64, crop, policy);
      counts.blur += p.blurSigma !== undefined ? 1 : 0;
      counts.solarize += p.solarize ? 1 : 0;
      counts.flip += p.flip ? 1 : 0;
      counts.jitter += p.jitter ? 1 : 0;
      counts.area += (p.box.width * p.box.height) / (64 * 64);
    }
    return Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v / n]));
  };

  it('global 1: blur always, never solarised', () => {
    const r = rates('g1');
    expect(r.blur).toBe(1);
    expect(r.solarize).toBe(0);
    expect(r.flip).toBeCloseTo(0.5, 1);
    expect(r.jitter).toBeCloseTo(0.8, 1);
  });

  it('global 2: blur p 0.1, solarise p 0.2', () => {
    const r = rates('g2');
    expect(r.blur).toBeCloseTo(0.1, 1);
    expect(r.solarize).toBeCloseTo(0.2, 1);
  });

  it('local: blur p 0.5, small crop areas', () => {
    const r = rates('local');
    expect(r.blur).toBeCloseTo(0.5, 1);
    expect(r.solarize).toBe(0);
    expect(r.area).toBeGreaterThan(0.05);
    expect(r.area).toBeLessThan(0.4);
  });
});

describe('crop geometry and filters', () => {
  it('boxes stay inside the image with aspect ratio in [3/4, 4/3] (±rounding)', () => {
    const rng = new Rng(4);
    for (let i = 0; i < 500; i++) {
      const b = sampleCropBox(rng, 64, 64, [0.05, 1]);
      expect(b.top).toBeGreaterThanOrEqual(0);
      expect(b.left + b.width).toBeLessThanOrEqual(64);
      expect(b.top + b.height).toBeLessThanOrEqual(64);
      expect(b.width / b.height).toBeGreaterThan(0.7);
      expect(b.width / b.height).toBeLessThan(1.45);
    }
  });

  it('resampling the full box at the same size is the identity; flip mirrors columns', () => {
    const img = Float32Array.from({ length: 16 }, (_, i) => i / 16);
    const out = new Float32Array(16);
    resampleBox(img, 4, { top: 0, left: 0, height: 4, width: 4 }, 4, false, out, 0);
    expect(out).toEqual(img);
    resampleBox(img, 4, { top: 0, left: 0, height: 4, width: 4 }, 4, true, out, 0);
    expect(out[0]).toBe(img[3]);
    expect(out[7]).toBe(img[4]);
  });

  it('upsampling a 2×2 box to 4×4 interpolates bilinearly (align_corners=False)', () => {
    const img = new Float32Array([0, 1, 0, 0, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const out = new Float32Array(16);
    resampleBox(img, 4, { top: 0, left: 0, height: 2, width: 2 }, 4, false, out, 0);
    // torch: F.interpolate([[0,1],[2,3]], size=4, mode='bilinear') first row = [0, .25, .75, 1]
    expect(Array.from(out.subarray(0, 4))).toEqual([0, 0.25, 0.75, 1]);
    expect(Array.from(out.subarray(4, 8))).toEqual([0.5, 0.75, 1.25, 1.5]);
  });

  it('blur preserves the mean of a constant image and smooths an impulse', () => {
    const flat = new Float32Array(64).fill(0.3);
    gaussianBlur(flat, 8, 1, new Float32Array(64));
    for (const v of flat) expect(v).toBeCloseTo(0.3, 6);
    const impulse = new Float32Array(64);
    impulse[27] = 1;
    gaussianBlur(impulse, 8, 1, new Float32Array(64));
    expect(impulse[27]).toBeLessThan(0.5);
    expect(impulse.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });
});
