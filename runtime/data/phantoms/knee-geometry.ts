// Bone outlines of a knee AP radiograph as signed-distance fields in canonical coordinates (u medial → lateral,
// v downwards, joint near v = 0): femoral condyles, tibial plateau with spines, fibular head, patella, and the
// KL signs that reshape them (narrowing moves condyles down, spurs join the margins, deformity flattens).
import type { KneeAnatomy, KneeSigns, OsteophyteSite } from './knee-params.ts';
import { ellipseSdf, roundedBoxSdf, smoothIntersect, smoothUnion, taperedCapsuleSdf } from './sdf.ts';

export interface Spur {
  au: number; av: number; bu: number; bv: number; ra: number; rb: number;
}

/** Numbers derived once per knee so the per-pixel evaluation is arithmetic only. */
export interface KneeGeometry {
  halfWidth: number;
  medialHalfWidth: number;
  tibiaTopMedial: number;
  tibiaTopLateral: number;
  femurBottomMedial: number;
  femurBottomLateral: number;
  condyleCentreU: number;
  condyleRadiusU: number;
  condyleRadiusV: number;
  /** Downward shift of the medial condyle's ellipse that is then cut flat at its bottom (deformity). */
  medialFlattening: number;
  spineHeight: number;
  /** The two tibial spines (intercondylar eminence), shaped like spurs. */
  spines: Spur[];
  femoralSpurs: Spur[];
  tibialSpurs: Spur[];
  /** Lowest point any part of the femur reaches (bounding band for evaluation). */
  femurMaxV: number;
  /** Highest point any part of the tibia reaches. */
  tibiaMinV: number;
}

/** Direction (u, v) in which a spur grows at each site, for the medial side (lateral mirrors u). */
const SPUR_DIRECTION: Record<Exclude<OsteophyteSite, 'tibialSpines'>, [number, number]> = {
  femurMedial: [-0.8, 0.6],
  tibiaMedial: [-0.9, -0.44],
  femurLateral: [0.8, 0.6],
  tibiaLateral: [0.9, -0.44],
};

export function buildKneeGeometry(anatomy: KneeAnatomy, signs: KneeSigns): KneeGeometry {
  const w = anatomy.plateauHalfWidth;
  const jsw = anatomy.jointSpaceWidth;
  const tibiaTop = anatomy.jointLevel + jsw / 2;
  const medialFlattening = 0.08 * signs.deformity;
  // The medial plateau sinks (and the condyle with it): a joint-line step, not a wider gap.
  const tibiaTopMedial = tibiaTop + 0.03 * signs.deformity;
  const geometry: KneeGeometry = {
    halfWidth: w,
    medialHalfWidth: w + 0.05 * signs.deformity,
    tibiaTopMedial,
    tibiaTopLateral: tibiaTop,
    femurBottomMedial: tibiaTopMedial - jsw * (1 - signs.medialNarrowing),
    femurBottomLateral: tibiaTop - jsw * (1 - signs.lateralNarrowing),
    condyleCentreU: 0.47 * w,
    condyleRadiusU: 0.55 * w,
    condyleRadiusV: 0.21,
    medialFlattening,
    spineHeight: 0.06,
    spines: [],
    femoralSpurs: [],
    tibialSpurs: [],
    femurMaxV: 0,
    tibiaMinV: 0,
  };
  for (const { site, size } of signs.osteophytes) {
    if (site === 'tibialSpines') {
      geometry.spineHeight += 0.07 * size;
      continue;
    }
    const medial = site === 'femurMedial' || site === 'tibiaMedial';
    const onFemur = site === 'femurMedial' || site === 'femurLateral';
    const side = medial ? -1 : 1;
    const margin = medial ? geometry.medialHalfWidth : w;
    const [du, dv] = SPUR_DIRECTION[site];
    const length = 0.02 + 0.15 * size;
    const au = side * (margin - 0.035);
    const av = onFemur
      ? (medial ? geometry.femurBottomMedial : geometry.femurBottomLateral) - 0.07
      : (medial ? tibiaTopMedial : tibiaTop) + 0.04;
    const spur: Spur = { au, av, bu: au + du * length, bv: av + dv * length, ra: 0.03 + 0.04 * size, rb: 0.008 + 0.01 * size };
    (onFemur ? geometry.femoralSpurs : geometry.tibialSpurs).push(spur);
  }
  const spineTop = tibiaTop - geometry.spineHeight;
  const spineBase = tibiaTop + 0.03;
  geometry.spines = [
    { au: -0.07, av: spineBase, bu: -0.035, bv: spineTop, ra: 0.04, rb: 0.008 },
    { au: 0.08, av: spineBase, bu: 0.05, bv: spineTop + 0.015, ra: 0.04, rb: 0.008 },
  ];
  return withBounds(geometry);
}

/** Smooth unions bulge by at most k/4; the margin covers that with room to spare. */
const BOUND_MARGIN = 0.06;

function withBounds(g: KneeGeometry): KneeGeometry {
  let femurMaxV = Math.max(g.femurBottomMedial, g.femurBottomLateral);
  for (const s of g.femoralSpurs) femurMaxV = Math.max(femurMaxV, s.av + s.ra, s.bv + s.rb);
  let tibiaMinV = Math.min(g.tibiaTopMedial, g.tibiaTopLateral) - g.spineHeight;
  for (const s of g.tibialSpurs) tibiaMinV = Math.min(tibiaMinV, s.av - s.ra, s.bv - s.rb);
  return { ...g, femurMaxV: femurMaxV + BOUND_MARGIN, tibiaMinV: tibiaMinV - BOUND_MARGIN };
}

/** Smooth union with a spur, skipped when the spur's bounding circle is too far to change the result. */
function unionSpur(d: number, s: Spur, u: number, v: number, k: number): number {
  const mu = (s.au + s.bu) / 2 - u;
  const mv = (s.av + s.bv) / 2 - v;
  const reach = Math.sqrt((s.bu - s.au) ** 2 + (s.bv - s.av) ** 2) / 2 + Math.max(s.ra, s.rb);
  if (Math.sqrt(mu * mu + mv * mv) - reach >= d + k) return d;
  return smoothUnion(d, taperedCapsuleSdf(u, v, s.au, s.av, s.bu, s.bv, s.ra, s.rb), k);
}

function spursSdf(spurs: Spur[], u: number, v: number, d: number): number {
  for (const s of spurs) d = unionSpur(d, s, u, v, 0.05);
  return d;
}

/** Medial condyle alone (used for its subchondral band too). */
export function medialCondyleSdf(g: KneeGeometry, u: number, v: number): number {
  const centreV = g.femurBottomMedial - g.condyleRadiusV + g.medialFlattening;
  const ellipse = ellipseSdf(u, v, -g.condyleCentreU, centreV, g.condyleRadiusU, g.condyleRadiusV);
  return g.medialFlattening > 0 ? smoothIntersect(ellipse, v - g.femurBottomMedial, 0.04) : ellipse;
}

export function lateralCondyleSdf(g: KneeGeometry, u: number, v: number): number {
  const centreV = g.femurBottomLateral - g.condyleRadiusV;
  return ellipseSdf(u, v, g.condyleCentreU, centreV, g.condyleRadiusU, g.condyleRadiusV);
}

export function femurSdf(g: KneeGeometry, u: number, v: number): number {
  const condyles = smoothUnion(medialCondyleSdf(g, u, v), lateralCondyleSdf(g, u, v), 0.05);
  const top = Math.min(g.femurBottomMedial, g.femurBottomLateral);
  const shaft = roundedBoxSdf(u, v, 0, top - 1.9, 0.29, 1.5, 0.05);
  return spursSdf(g.femoralSpurs, u, v, smoothUnion(condyles, shaft, 0.35));
}

/** Height of the tibial articular surface at u: medial and lateral plateaus joined by a ramp under the spines. */
export function tibiaTopAt(g: KneeGeometry, u: number): number {
  const t = Math.min(Math.max((u + 0.1) / 0.2, 0), 1);
  return g.tibiaTopMedial + (g.tibiaTopLateral - g.tibiaTopMedial) * t;
}

export function tibiaSdf(g: KneeGeometry, u: number, v: number): number {
  const top = tibiaTopAt(g, u);
  const halfWidth = u < 0 ? g.medialHalfWidth : g.halfWidth;
  // Vertical distance is a good distance estimate because the plateau is nearly horizontal.
  const plateau = smoothIntersect(smoothIntersect(top - v, Math.abs(u) - halfWidth, 0.1), v - (top + 0.3), 0.25);
  const shaft = roundedBoxSdf(u, v, 0, top + 1.9, 0.3, 1.6, 0.05);
  let d = smoothUnion(plateau, shaft, 0.45);
  for (const spine of g.spines) d = unionSpur(d, spine, u, v, 0.03);
  return spursSdf(g.tibialSpurs, u, v, d);
}

export function fibulaSdf(g: KneeGeometry, u: number, v: number): number {
  const head = ellipseSdf(u, v, 0.93 * g.halfWidth, g.tibiaTopLateral + 0.34, 0.12, 0.13);
  const shaft = roundedBoxSdf(u, v, 0.95 * g.halfWidth, g.tibiaTopLateral + 2, 0.065, 1.6, 0.03);
  return smoothUnion(head, shaft, 0.12);
}

export function patellaSdf(g: KneeGeometry, u: number, v: number): number {
  return ellipseSdf(u, v, 0.04, g.femurBottomLateral - 0.22, 0.22, 0.27);
}
