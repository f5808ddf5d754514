// Line-integral attenuation of the knee phantom at one point: soft-tissue envelope, bones as cancellous
// interior with trabecular texture and a cortical shell, patellar overlay, and the subchondral sclerosis band.
import type { KneeAnatomy, KneeSigns } from './knee-params.ts';
import {
  femurSdf, fibulaSdf, lateralCondyleSdf, medialCondyleSdf, patellaSdf, tibiaSdf, tibiaTopAt,
  type KneeGeometry,
} from './knee-geometry.ts';
import { coverage, shellCoverage } from './sdf.ts';

const SOFT_TISSUE = 0.3;
const CANCELLOUS = 0.55;
const CORTEX = 0.55;
const SCLEROSIS = 0.9;
const LATERAL_SCLEROSIS_SHARE = 0.45;

export interface AttenuationModel {
  geometry: KneeGeometry;
  anatomy: KneeAnatomy;
  signs: KneeSigns;
}

/** Cortex is thin around the epiphyses and thickens along the diaphyses, away from the joint. */
function cortexThickness(v: number): number {
  const fromJoint = Math.abs(v) - 0.35;
  return fromJoint <= 0 ? 0.018 : Math.min(0.018 + 0.06 * fromJoint, 0.06);
}

function boneAttenuation(d: number, inside: number, v: number, texture: number, pixel: number): number {
  if (inside === 0) return 0;
  return inside * CANCELLOUS * (1 + 0.18 * texture) + shellCoverage(d, cortexThickness(v), pixel) * CORTEX;
}

/** Brightness of the subchondral band at `depth` below an articular surface. */
function sclerosisBand(depth: number, severity: number): number {
  const thickness = 0.04 + 0.09 * severity;
  if (depth < 0 || depth > thickness) return 0;
  return SCLEROSIS * severity * (1 - depth / thickness);
}

/** Fades the band out towards the margins and the notch of each compartment (a trapezoid across u). */
function compartmentProfile(g: KneeGeometry, u: number): number {
  const margin = u < 0 ? g.medialHalfWidth : g.halfWidth;
  const a = Math.abs(u);
  return Math.min(Math.max(Math.min(a - 0.08, margin - a) / 0.12, 0), 1);
}

function sclerosisAt(m: AttenuationModel, u: number, v: number, femurInside: number, tibiaInside: number): number {
  const g = m.geometry;
  const severity = m.signs.sclerosis * compartmentProfile(g, u) * (u < 0 ? 1 : LATERAL_SCLEROSIS_SHARE);
  if (severity <= 0) return 0;
  let s = 0;
  if (tibiaInside > 0) s += tibiaInside * sclerosisBand(v - tibiaTopAt(g, u), severity);
  if (femurInside > 0) {
    const condyle = u < 0 ? medialCondyleSdf(g, u, v) : lateralCondyleSdf(g, u, v);
    const bottom = u < 0 ? g.femurBottomMedial : g.femurBottomLateral;
    // Only the weight-bearing lower arc of the condyle is sclerotic.
    const lowerArc = Math.min(Math.max((v - (bottom - 0.2)) / 0.1, 0), 1);
    s += femurInside * lowerArc * sclerosisBand(-condyle, severity);
  }
  return s;
}

function softTissueAt(anatomy: KneeAnatomy, u: number): number {
  const r = u / anatomy.softTissueHalfWidth;
  return r * r < 1 ? SOFT_TISSUE * anatomy.softTissue * Math.sqrt(1 - r * r) : 0;
}

/** Attenuation at (u, v) for a pixel of width `pixel`, given the trabecular texture there. */
export function attenuationAt(m: AttenuationModel, u: number, v: number, pixel: number, texture: number): number {
  const { anatomy, geometry: g } = m;
  let a = softTissueAt(anatomy, u) + anatomy.patellaOpacity * CANCELLOUS * coverage(patellaSdf(g, u, v), Math.max(pixel, 0.05));
  // Bounding bands skip bones that cannot reach this row; most pixels need one bone at most.
  const femur = v < g.femurMaxV + pixel ? femurSdf(g, u, v) : Infinity;
  const tibia = v > g.tibiaMinV - pixel ? tibiaSdf(g, u, v) : Infinity;
  const fibula = u > 0.3 && v > g.tibiaTopLateral ? fibulaSdf(g, u, v) : Infinity;
  const femurInside = coverage(femur, pixel);
  const tibiaInside = coverage(tibia, pixel);
  const fibulaInside = coverage(fibula, pixel);
  if (femurInside + tibiaInside + fibulaInside > 0) {
    let bone = boneAttenuation(femur, femurInside, v, texture, pixel);
    bone += boneAttenuation(tibia, tibiaInside, v, texture, pixel);
    bone += boneAttenuation(fibula, fibulaInside, v, texture, pixel);
    bone += sclerosisAt(m, u, v, femurInside, tibiaInside) * (1 + 0.3 * texture);
    a += bone * anatomy.boneDensity;
  }
  return a;
}
