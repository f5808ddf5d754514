import { describe, expect, it } from 'vitest';
import { allocateClassCounts, OAI_KL_PREVALENCE } from '../../runtime/data/phantoms/kl-prevalence.ts';
import { generateKlDataset, type KlDatasetOptions } from '../../runtime/data/phantoms/kl-dataset.ts';
import { encodeGrayPng } from '../../runtime/data/png.ts';

const small: KlDatasetOptions = { patients: 30, imagesPerPatient: 2, labelNoise: 0.1, imageSize: 32, seed: 4 };

function counts(labels: number[]): number[] {
  const c = [0, 0, 0, 0, 0];
  for (const l of labels) c[l]++;
  return c;
}

describe('allocateClassCounts (hand-computed largest-remainder examples)', () => {
  it('follows prevalence when every class clears the floor', () => {
    // 240 × p = 93.6, 43.2, 62.4, 31.2, 9.6 → floors 93, 43, 62, 31, 9 (238); the two .6 remainders get +1.
    expect(allocateClassCounts(240)).toEqual([94, 43, 62, 31, 10]);
    expect(allocateClassCounts(1000)).toEqual([390, 180, 260, 130, 40]);
  });

  it('raises small classes to the floor and shares the rest by prevalence', () => {
    // 30: KL4 (1.2) → 5; 25 left over p0..p3 gives KL3 3.4 → 5; 20 left over p0..p2 gives KL1 4.3 → 5;
    // 15 left over p0, p2 (0.39 : 0.26) = 9 and 6.
    expect(allocateClassCounts(30)).toEqual([9, 5, 6, 5, 5]);
    expect(allocateClassCounts(25)).toEqual([5, 5, 5, 5, 5]);
    // Too few patients for 5 each: the floor shrinks to ⌊10 / 5⌋ = 2.
    expect(allocateClassCounts(10)).toEqual([2, 2, 2, 2, 2]);
    expect(allocateClassCounts(0)).toEqual([0, 0, 0, 0, 0]);
  });

  it('always sums to the total and respects the floor', () => {
    for (let n = 25; n <= 400; n += 7) {
      const c = allocateClassCounts(n);
      expect(c.reduce((a, b) => a + b, 0)).toBe(n);
      expect(Math.min(...c)).toBeGreaterThanOrEqual(5);
    }
    expect(OAI_KL_PREVALENCE.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});

describe('generateKlDataset', () => {
  it('is deterministic: same seed → byte-identical PNGs; another seed → different images', () => {
    const a = generateKlDataset(small);
    const b = generateKlDataset(small);
    const c = generateKlDataset({ ...small, seed: 5 });
    const png = (p: Float32Array): Buffer => Buffer.from(encodeGrayPng({ pixels: p, width: 32, height: 32 }, 16));
    a.samples.forEach((s, i) => {
      expect(png(s.pixels).equals(png(b.samples[i].pixels))).toBe(true);
      expect(s.label).toBe(b.samples[i].label);
    });
    const differing = a.samples.filter((s, i) => !png(s.pixels).equals(png(c.samples[i].pixels))).length;
    expect(differing).toBe(a.samples.length);
  });

  it('has one label per patient, the allocated prevalence, and distinct visits', () => {
    const { samples, patients } = generateKlDataset(small);
    expect(samples).toHaveLength(60);
    expect(patients).toHaveLength(30);
    expect(counts(patients.map((p) => p.trueLabel))).toEqual(allocateClassCounts(30));
    const byPatient = new Map<string, typeof samples>();
    for (const s of samples) byPatient.set(s.patientId, [...(byPatient.get(s.patientId) ?? []), s]);
    expect(byPatient.size).toBe(30);
    for (const visits of byPatient.values()) {
      expect(visits).toHaveLength(2);
      expect(new Set(visits.map((v) => v.label)).size).toBe(1);
      expect(new Set(visits.map((v) => v.trueLabel)).size).toBe(1);
      expect(Buffer.from(visits[0].pixels.buffer).equals(Buffer.from(visits[1].pixels.buffer))).toBe(false);
    }
    expect(new Set(samples.map((s) => s.id)).size).toBe(60);
    for (const s of samples) {
      expect(s.modality).toBe('xray');
      expect(s.pixels).toHaveLength(32 * 32);
    }
  });

  it('label noise moves about labelNoise of the patients to an adjacent grade, and none at 0', () => {
    const noisy = generateKlDataset({ ...small, patients: 400, imagesPerPatient: 1, imageSize: 8, labelNoise: 0.2 });
    const flipped = noisy.patients.filter((p) => p.label !== p.trueLabel);
    for (const p of flipped) expect(Math.abs(p.label - p.trueLabel)).toBe(1);
    // Binomial(400, 0.2): mean 80, sd 8.
    expect(flipped.length).toBeGreaterThan(80 - 4 * 8);
    expect(flipped.length).toBeLessThan(80 + 4 * 8);
    const clean = generateKlDataset({ ...small, labelNoise: 0, imageSize: 8 });
    for (const p of clean.patients) expect(p.label).toBe(p.trueLabel);
  });

  it('rejects bad options with the field name', () => {
    expect(() => generateKlDataset({ ...small, patients: 0 })).toThrow(/patients/);
    expect(() => generateKlDataset({ ...small, labelNoise: 0.7 })).toThrow(/labelNoise/);
    expect(() => generateKlDataset({ ...small, imageSize: 12.5 })).toThrow(/imageSize/);
  });

  it('renders the default job size (480 images at 64 px) within 2 s of CPU time', () => {
    const start = process.cpuUsage();
    const { samples } = generateKlDataset({ patients: 240, imagesPerPatient: 2, labelNoise: 0.1, imageSize: 64, seed: 0 });
    const cpu = process.cpuUsage(start);
    expect(samples).toHaveLength(480);
    // CPU time, not wall time, so other work on a shared machine does not fail the test (measured ≈ 0.6 s).
    expect((cpu.user + cpu.system) / 1e6).toBeLessThan(2);
  });
});
