import { describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { getTask } from '../../benchmarks/tasks/registry.ts';
import { drawKneeCourse, progressionModel, type KneeCourse } from '../../runtime/data/phantoms/knee-progression.ts';

function courses(taskId: string, n: number): KneeCourse[] {
  const model = progressionModel(getTask(taskId).phantom?.signs ?? {});
  const rng = new Rng(21);
  return Array.from({ length: n }, () => drawKneeCourse(model, rng));
}

const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

/** Mann–Whitney AUROC with ties counted half. */
function auroc(scores: number[], labels: number[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((s, i) => {
    if (labels[i] !== 1) return;
    scores.forEach((t, j) => {
      if (labels[j] !== 0) return;
      pairs++;
      wins += s > t ? 1 : s === t ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

describe('knee osteoarthritis course (prognosis phantoms)', () => {
  it('KL at 4 years: grades never regress, and the natural future-grade shares match the documented prevalence', () => {
    const drawn = courses('kl-grade-4y', 8000);
    expect(drawn.every((c) => c.futureGrade >= c.baselineGrade)).toBe(true);
    const prevalence = getTask('kl-grade-4y').phantom?.prevalence ?? [];
    prevalence.forEach((p, grade) => expect(mean(drawn.map((c) => (c.outcome === grade ? 1 : 0)))).toBeCloseTo(p, 1));
    // More knees progress over 8 years than over 4.
    const progressed = (cs: KneeCourse[]): number => mean(cs.map((c) => (c.futureGrade > c.baselineGrade ? 1 : 0)));
    expect(progressed(courses('kl-grade-8y', 8000))).toBeGreaterThan(progressed(drawn) + 0.05);
  });

  it('leaves subtle present evidence: at the same baseline grade, future progressors look a little worse today', () => {
    const grade2 = courses('kl-grade-4y', 20000).filter((c) => c.baselineGrade === 2);
    const progressors = grade2.filter((c) => c.futureGrade > 2);
    const stable = grade2.filter((c) => c.futureGrade === 2);
    const tilt = mean(progressors.map((c) => c.signSeverity - c.severity)) - mean(stable.map((c) => c.signSeverity - c.severity));
    expect(tilt).toBeGreaterThan(0.1);
    // Subtle: less than half a grade on average.
    expect(tilt).toBeLessThan(0.5);
  });

  it('TKR: risk rises with grade, age and progression, and the true risk predicts well but not perfectly', () => {
    const drawn = courses('tkr', 20000);
    const rate = mean(drawn.map((c) => c.outcome));
    expect(rate).toBeGreaterThan(0.04);
    expect(rate).toBeLessThan(0.08);
    const high = drawn.filter((c) => c.baselineGrade >= 3);
    const low = drawn.filter((c) => c.baselineGrade <= 1);
    expect(mean(high.map((c) => c.outcome))).toBeGreaterThan(4 * mean(low.map((c) => c.outcome)));
    expect(mean(drawn.filter((c) => c.age > 70).map((c) => c.risk))).toBeGreaterThan(mean(drawn.filter((c) => c.age < 55).map((c) => c.risk)));
    const ceiling = auroc(drawn.slice(0, 4000).map((c) => c.risk), drawn.slice(0, 4000).map((c) => c.outcome));
    expect(ceiling).toBeGreaterThan(0.75);
    expect(ceiling).toBeLessThan(0.97);
  });
});
