import { describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import {
  addNoiseAndClamp, applyCollimation, applyExposure, applyMarker, gaussianBlur,
} from '../../runtime/data/phantoms/acquisition.ts';
import { CLEAN_EXPOSURE } from '../../runtime/data/phantoms/knee-params.ts';

describe('acquisition nuisances', () => {
  it('exposure: brightness + contrast about 0.5, then gamma (hand-computed)', () => {
    const image = Float32Array.from([0.25, 0.75]);
    applyExposure(image, { ...CLEAN_EXPOSURE, brightness: 0.1, contrast: 1.2, gamma: 2 });
    // 0.1 + 0.5 + 1.2 · (−0.25) = 0.3 → 0.09; 0.1 + 0.5 + 1.2 · 0.25 = 0.9 → 0.81.
    expect(image[0]).toBeCloseTo(0.09, 6);
    expect(image[1]).toBeCloseTo(0.81, 6);
  });

  it('blur keeps a constant image and spreads an impulse symmetrically with unit mass', () => {
    const flat = new Float32Array(64).fill(0.3);
    gaussianBlur(flat, 8, 1);
    for (const v of flat) expect(v).toBeCloseTo(0.3, 6);
    const impulse = new Float32Array(121);
    impulse[60] = 1;
    gaussianBlur(impulse, 11, 1);
    expect(impulse.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(impulse[59]).toBeCloseTo(impulse[61], 7);
    expect(impulse[49]).toBeCloseTo(impulse[71], 7);
    // Normalised kernel at distance 1 over distance 0 is exp(−½) for σ = 1, along each axis.
    expect(impulse[61] / impulse[60]).toBeCloseTo(Math.exp(-0.5), 6);
  });

  it('collimation covers border pixels in proportion to their overlap', () => {
    const image = new Float32Array(100).fill(0.5);
    applyCollimation(image, 10, { top: 0.25, bottom: 0, left: 0, right: 0, level: 1 });
    // 2.5 rows shuttered: rows 0–1 fully, row 2 half.
    expect(image[0]).toBe(1);
    expect(image[15]).toBe(1);
    expect(image[25]).toBeCloseTo(0.75, 6);
    expect(image[35]).toBe(0.5);
  });

  it('the marker lands in its corner only', () => {
    const image = new Float32Array(40 * 40);
    applyMarker(image, 40, { letter: 'L', corner: 'bottomRight', size: 0.2 });
    let inside = 0;
    let outside = 0;
    for (let y = 0; y < 40; y++) for (let x = 0; x < 40; x++) (x >= 20 && y >= 20 ? (inside += image[y * 40 + x]) : (outside += image[y * 40 + x]));
    expect(inside).toBeGreaterThan(5);
    expect(outside).toBe(0);
  });

  it('noise has the requested spread, clamps to [0, 1], and draws nothing at sd 0', () => {
    const image = new Float32Array(20000).fill(0.5);
    addNoiseAndClamp(image, 0.04, new Rng(2));
    const mean = image.reduce((a, b) => a + b, 0) / image.length;
    const sd = Math.sqrt(image.reduce((a, b) => a + (b - mean) ** 2, 0) / image.length);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(sd).toBeCloseTo(0.04, 2);
    const rng = new Rng(3);
    const untouched = new Rng(3);
    addNoiseAndClamp(Float32Array.from([1.5, -0.5]), 0, rng);
    expect(rng.next()).toBe(untouched.next());
  });
});
