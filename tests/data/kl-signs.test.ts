import { describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { KL_GRADES, type KneeSigns } from '../../runtime/data/phantoms/knee-params.ts';
import { drawKneeSigns, healthyKneeSigns } from '../../runtime/data/phantoms/kl-signs.ts';

function drawMany(grade: (typeof KL_GRADES)[number], n: number): KneeSigns[] {
  const rng = new Rng(77).fork(grade);
  return Array.from({ length: n }, () => drawKneeSigns(grade, rng));
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const spurArea = (s: KneeSigns): number => s.osteophytes.reduce((a, o) => a + o.size, 0);

describe('drawKneeSigns', () => {
  const byGrade = KL_GRADES.map((g) => drawMany(g, 400));

  it('each sign grows with grade on average', () => {
    const signs: Array<(s: KneeSigns) => number> = [
      (s) => s.medialNarrowing, (s) => s.lateralNarrowing, spurArea, (s) => s.osteophytes.length, (s) => s.sclerosis,
    ];
    for (const sign of signs) {
      const means = byGrade.map((knees) => mean(knees.map(sign)));
      for (let g = 1; g < 5; g++) expect(means[g]).toBeGreaterThan(means[g - 1]);
    }
    expect(mean(byGrade[4].map((s) => s.deformity))).toBeGreaterThan(mean(byGrade[3].map((s) => s.deformity)));
  });

  it('matches the KL definitions at the ends of the scale', () => {
    // KL 0: no osteophytes or deformity in most knees; KL 2: definite osteophytes; KL 4: marked narrowing.
    expect(mean(byGrade[0].map((s) => (s.osteophytes.length === 0 ? 1 : 0)))).toBeGreaterThan(0.9);
    expect(mean(byGrade[2].map((s) => (s.osteophytes.length > 0 ? 1 : 0)))).toBeGreaterThan(0.9);
    expect(mean(byGrade[4].map((s) => s.medialNarrowing))).toBeGreaterThan(0.7);
    expect(mean(byGrade[4].map((s) => s.deformity))).toBeGreaterThan(0.5);
    for (const knees of byGrade) for (const s of knees) expect(s.lateralNarrowing).toBeLessThanOrEqual(s.medialNarrowing);
  });

  it('adjacent grades overlap in every continuous sign (no sign is a perfect threshold)', () => {
    for (let g = 1; g < 5; g++) {
      const lower = byGrade[g - 1];
      const upper = byGrade[g];
      for (const sign of [(s: KneeSigns) => s.severity, (s: KneeSigns) => s.medialNarrowing, spurArea]) {
        expect(Math.max(...lower.map(sign))).toBeGreaterThan(Math.min(...upper.map(sign)));
      }
    }
  });

  it('is deterministic in the generator and has a healthy baseline', () => {
    expect(drawKneeSigns(3, new Rng(5))).toEqual(drawKneeSigns(3, new Rng(5)));
    expect(healthyKneeSigns()).toEqual({
      severity: 0, medialNarrowing: 0, lateralNarrowing: 0, osteophytes: [], sclerosis: 0, deformity: 0,
    });
  });
});
