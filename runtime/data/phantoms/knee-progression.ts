// Hidden course of knee osteoarthritis for the prognosis tasks: a baseline KL grade and latent severity, a
// progression rate (a slow majority and a fast minority, as OAI progression trajectories show), an age, the
// severity after `horizonYears`, and TKR risk from baseline severity, age and progression. Fast
// progressors leave subtle present evidence: their signs are drawn `presentEvidenceYears` of progression
// ahead of their latent severity (e.g. a little more narrowing and sclerosis than their grade implies).
import type { Rng } from '../../../benchmarks/rng.ts';
import type { PhantomSignValue } from '../../../benchmarks/tasks/task.ts';
import { LATENT_SPREAD } from './kl-signs.ts';
import { OAI_KL_PREVALENCE } from './kl-prevalence.ts';

export interface ProgressionModel {
  outcome: 'kl-grade' | 'tkr';
  horizonYears: number;
  baselinePrevalence: readonly number[];
  fastProgressorShare: number;
  /** [mean, sd] of the rate (KL grades per year) of slow and fast progressors. */
  slowRate: readonly [number, number];
  fastRate: readonly [number, number];
  /** Standard deviation of the future latent severity around its trend, per √(4 years). */
  futureSpread: number;
  presentEvidenceYears: number;
  ageYears: readonly [number, number];
  /** Fraction of bone density lost per decade over 60 (osteopenia: the visible trace of age). */
  boneLossPerDecade: number;
  risk: { intercept: number; perGrade: number; perDecade: number; perProgression: number };
}

export const DEFAULT_PROGRESSION: ProgressionModel = {
  outcome: 'kl-grade',
  horizonYears: 4,
  baselinePrevalence: OAI_KL_PREVALENCE,
  fastProgressorShare: 0.12,
  slowRate: [0.015, 0.015],
  fastRate: [0.2, 0.06],
  futureSpread: 0.15,
  presentEvidenceYears: 1.5,
  ageYears: [45, 79],
  boneLossPerDecade: 0.08,
  risk: { intercept: -5.8, perGrade: 1.1, perDecade: 0.35, perProgression: 1.2 },
};

/** The task's `phantom.signs` laid over the defaults (the registry has checked names and ranges). */
export function progressionModel(signs: Readonly<Record<string, PhantomSignValue>>): ProgressionModel {
  const m: ProgressionModel = { ...DEFAULT_PROGRESSION, risk: { ...DEFAULT_PROGRESSION.risk } };
  const pair = (v: PhantomSignValue | undefined): readonly [number, number] | undefined =>
    Array.isArray(v) && v.length === 2 ? [Number(v[0]), Number(v[1])] : undefined;
  if (signs.outcome === 'tkr' || signs.outcome === 'kl-grade') m.outcome = signs.outcome;
  if (typeof signs.horizonYears === 'number') m.horizonYears = signs.horizonYears;
  if (Array.isArray(signs.baselinePrevalence)) m.baselinePrevalence = signs.baselinePrevalence as readonly number[];
  if (typeof signs.fastProgressorShare === 'number') m.fastProgressorShare = signs.fastProgressorShare;
  m.slowRate = pair(signs.slowRate) ?? m.slowRate;
  m.fastRate = pair(signs.fastRate) ?? m.fastRate;
  m.ageYears = pair(signs.ageYears) ?? m.ageYears;
  if (typeof signs.futureSpread === 'number') m.futureSpread = signs.futureSpread;
  if (typeof signs.presentEvidenceYears === 'number') m.presentEvidenceYears = signs.presentEvidenceYears;
  if (typeof signs.boneLossPerDecade === 'number') m.boneLossPerDecade = signs.boneLossPerDecade;
  const risk = signs.risk;
  if (risk !== undefined && typeof risk === 'object' && !Array.isArray(risk)) {
    const r = risk as unknown as Record<string, number>;
    m.risk = { intercept: r.intercept, perGrade: r.perGrade, perDecade: r.perDecade, perProgression: r.perProgression };
  }
  return m;
}

export interface KneeCourse {
  baselineGrade: number;
  severity: number;
  rate: number;
  fast: boolean;
  age: number;
  /** Severity at which the present signs are drawn (ahead of `severity` by the evidence tilt). */
  signSeverity: number;
  futureSeverity: number;
  futureGrade: number;
  /** Probability of TKR within the horizon (tkr outcome). */
  risk: number;
  /** The task's true label: future grade or TKR (0/1). */
  outcome: number;
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

function categorical(shares: readonly number[], rng: Rng): number {
  let r = rng.next() * shares.reduce((a, b) => a + b, 0);
  for (let k = 0; k < shares.length - 1; k++) {
    if (r < shares[k]) return k;
    r -= shares[k];
  }
  return shares.length - 1;
}

export function drawKneeCourse(m: ProgressionModel, rng: Rng): KneeCourse {
  const baselineGrade = categorical(m.baselinePrevalence, rng);
  const severity = clamp(baselineGrade + rng.normal(0, LATENT_SPREAD), 0, 4.4);
  const fast = rng.bernoulli(m.fastProgressorShare);
  const [mean, sd] = fast ? m.fastRate : m.slowRate;
  const rate = Math.max(0, rng.normal(mean, sd));
  const age = rng.uniform(m.ageYears[0], m.ageYears[1]);
  const progression = rate * m.horizonYears;
  const futureSeverity = clamp(severity + progression + rng.normal(0, m.futureSpread * Math.sqrt(m.horizonYears / 4)), 0, 4.4);
  // KL grades do not regress in follow-up reads of the same knee.
  const futureGrade = Math.max(baselineGrade, Math.round(clamp(futureSeverity, 0, 4)));
  const r = m.risk;
  const logit = r.intercept + r.perGrade * severity + (r.perDecade * (age - 60)) / 10 + r.perProgression * progression;
  const risk = 1 / (1 + Math.exp(-logit));
  const outcome = m.outcome === 'tkr' ? (rng.bernoulli(risk) ? 1 : 0) : futureGrade;
  const signSeverity = clamp(severity + m.presentEvidenceYears * rate, 0, 4.4);
  return { baselineGrade, severity, rate, fast, age, signSeverity, futureSeverity, futureGrade, risk, outcome };
}
