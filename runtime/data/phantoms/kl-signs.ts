// Kellgren–Lawrence signs as continuous severities (Kellgren & Lawrence 1957):
// a latent severity = grade + spread drives each sign through a per-grade table, plus per-sign scatter, so
// adjacent grades overlap the way readers' grades do (weighted κ ≈ 0.6–0.8).
import type { Rng } from '../../../benchmarks/rng.ts';
import type { KlGrade, KneeSigns, Osteophyte, OsteophyteSite } from './knee-params.ts';

/** Mean of each sign at grades 0..4; values between grades are interpolated on the latent severity. */
const SIGN_BY_GRADE = {
  medialNarrowing: [0, 0.12, 0.24, 0.5, 0.82],
  lateralNarrowing: [0, 0.03, 0.07, 0.17, 0.36],
  osteophyteSize: [0, 0.2, 0.45, 0.68, 0.95],
  osteophyteCount: [0, 0.8, 2, 3.4, 4.6],
  sclerosis: [0, 0, 0.12, 0.45, 0.85],
  deformity: [0, 0, 0, 0.2, 0.75],
} as const;

/** Standard deviation of the latent severity around the grade. */
export const LATENT_SPREAD = 0.28;

/** Sites ordered by how early they are affected (medial tibial margin first), with sampling weights. */
const SITE_WEIGHTS: ReadonlyArray<[OsteophyteSite, number]> = [
  ['tibiaMedial', 5],
  ['femurMedial', 4],
  ['tibialSpines', 2.5],
  ['tibiaLateral', 2],
  ['femurLateral', 1.5],
];

function interpolate(table: readonly number[], s: number): number {
  const x = Math.min(Math.max(s, 0), table.length - 1);
  const i = Math.min(Math.floor(x), table.length - 2);
  const t = x - i;
  return table[i] * (1 - t) + table[i + 1] * t;
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

function drawSites(count: number, rng: Rng): OsteophyteSite[] {
  const pool = SITE_WEIGHTS.slice();
  const chosen: OsteophyteSite[] = [];
  while (chosen.length < count && pool.length > 0) {
    const total = pool.reduce((sum, [, w]) => sum + w, 0);
    let r = rng.uniform(0, total);
    let k = 0;
    while (k < pool.length - 1 && r >= pool[k][1]) r -= pool[k++][1];
    chosen.push(pool[k][0]);
    pool.splice(k, 1);
  }
  return chosen;
}

/** Draws one knee's signs for a true KL grade. */
export function drawKneeSigns(grade: KlGrade, rng: Rng): KneeSigns {
  return drawKneeSignsAtSeverity(clamp(grade + rng.normal(0, LATENT_SPREAD), 0, 4.4), rng);
}

/** Draws one knee's signs for a given latent severity on the KL scale (prognosis phantoms tilt it). */
export function drawKneeSignsAtSeverity(severity: number, rng: Rng): KneeSigns {
  const sign = (table: readonly number[], sd: number, max: number): number =>
    clamp(interpolate(table, severity) + rng.normal(0, sd), 0, max);

  const medialNarrowing = sign(SIGN_BY_GRADE.medialNarrowing, 0.06, 0.95);
  const lateralNarrowing = Math.min(sign(SIGN_BY_GRADE.lateralNarrowing, 0.04, 0.95), medialNarrowing);
  // Count scatter shrinks towards severity 0 so that KL 0 knees stay free of spurs.
  const countScatter = 0.6 * Math.min(severity, 1);
  const count = Math.round(clamp(interpolate(SIGN_BY_GRADE.osteophyteCount, severity) + rng.normal(0, countScatter), 0, 5));
  const meanSize = interpolate(SIGN_BY_GRADE.osteophyteSize, severity);
  const osteophytes: Osteophyte[] = drawSites(count, rng).map((site, rank) => ({
    site,
    // Later (less typical) sites carry smaller spurs.
    size: clamp(meanSize * rng.uniform(0.75, 1.15) * (1 - 0.08 * rank), 0.05, 1),
  }));
  return {
    severity,
    medialNarrowing,
    lateralNarrowing,
    osteophytes,
    sclerosis: sign(SIGN_BY_GRADE.sclerosis, 0.06, 1),
    deformity: sign(SIGN_BY_GRADE.deformity, 0.05, 1),
  };
}

/** A knee with no signs at all. */
export function healthyKneeSigns(): KneeSigns {
  return { severity: 0, medialNarrowing: 0, lateralNarrowing: 0, osteophytes: [], sclerosis: 0, deformity: 0 };
}
