// Layers of a ligament or tendon along a polyline, intact or injured (the usual radiological signs: tear =
// fibre discontinuity, thickening, increased signal, abnormal course, surrounding oedema; a mimic only
// raises the signal a little).
import type { LesionDraw } from './lesion-draw.ts';
import type { Layer, LayerValue } from './scene.ts';
import { add, lerp, norm, polyBand, scale, sub, type Shape, type Vec3 } from './shapes.ts';

export interface LigamentPath {
  points: readonly Vec3[];
  /** Radius along `across` and perpendicular to it. */
  r1: number;
  r2: number;
  across: Vec3;
}

export interface LigamentInjuryOptions {
  /** Where along the ligament (arc-length fraction) a complete tear opens. */
  gapAt: number;
  /** The stump whose course sags after a tear, pivoting on its attachment. */
  sagging?: 'start' | 'end';
  /** Oedema around the whole ligament (collateral ligaments), not only in the gap. */
  halo?: boolean;
  /** Where oedema may show (soft tissue, not bone). */
  haloMask?: Shape;
  /** Several small kinks along a torn ligament (the "wavy" ankle ligament). */
  wavy?: boolean;
}

function cumulative(points: readonly Vec3[]): number[] {
  const lengths = [0];
  for (let k = 1; k < points.length; k++) lengths.push(lengths[k - 1] + norm(sub(points[k], points[k - 1])));
  return lengths;
}

function pointAt(points: readonly Vec3[], lengths: number[], s: number): Vec3 {
  const k = Math.max(1, lengths.findIndex((l) => l >= s));
  const t = (s - lengths[k - 1]) / Math.max(lengths[k] - lengths[k - 1], 1e-9);
  return lerp(points[k - 1], points[k], Math.min(Math.max(t, 0), 1));
}

/** The part of the polyline between arc lengths s0 and s1. */
function piece(points: readonly Vec3[], lengths: number[], s0: number, s1: number): Vec3[] {
  const inner = points.filter((_, k) => lengths[k] > s0 && lengths[k] < s1);
  return [pointAt(points, lengths, s0), ...inner, pointAt(points, lengths, s1)];
}

/** Lowers a stump's angle to the horizontal by `degrees`, pivoting on `pivot`. */
function sag(stump: Vec3[], pivot: Vec3, degrees: number): Vec3[] {
  return stump.map((q) => {
    const d = sub(q, pivot);
    const horizontal = Math.hypot(d[0], d[1]);
    const length = norm(d);
    if (length === 0 || horizontal === 0) return q;
    const angle = Math.atan2(d[2], horizontal) - (Math.sign(d[2]) * degrees * Math.PI) / 180;
    const h = (length * Math.cos(angle)) / horizontal;
    return add(pivot, [d[0] * h, d[1] * h, length * Math.sin(angle)]);
  });
}

function wave(points: Vec3[], amplitude: number, across: Vec3): Vec3[] {
  return points.map((p, k) => (k === 0 || k === points.length - 1 ? p : add(p, scale(across, k % 2 ? amplitude : -amplitude))));
}

function subdivided(points: readonly Vec3[], pieces: number): Vec3[] {
  const lengths = cumulative(points);
  const total = lengths[lengths.length - 1];
  return Array.from({ length: pieces + 1 }, (_, k) => pointAt(points, lengths, (k * total) / pieces));
}

function haloLayer(points: readonly Vec3[], r: number, amplitude: number, mask: Shape | undefined): Layer {
  const lo = [0, 1, 2].map((k) => Math.min(...points.map((p) => p[k])));
  const hi = [0, 1, 2].map((k) => Math.max(...points.map((p) => p[k])));
  const centre: Vec3 = [(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2];
  const radii: Vec3 = [(hi[0] - lo[0]) / 2 + 2 * r, (hi[1] - lo[1]) / 2 + 2 * r, (hi[2] - lo[2]) / 2 + 2 * r];
  return { kind: 'blob', centre, radii: scale(radii, 0.4), amplitude: 0.7 * amplitude, ...(mask ? { mask } : {}) };
}

export function ligamentLayers(path: LigamentPath, lesion: LesionDraw | undefined, options: LigamentInjuryOptions, target: boolean): Layer[] {
  const { r1, r2, across } = path;
  if (lesion === undefined) return [{ kind: 'paint', shape: polyBand(path.points, r1, r2, across), value: 'fibrous' }];
  const value: LayerValue = { from: 'fibrous', to: 'fluid', t: lesion.signalGain };
  const k = lesion.thickening;
  const finding = target && !lesion.mimic;
  const layers: Layer[] = [];
  if (options.halo && !lesion.mimic) layers.push({ ...haloLayer(path.points, Math.max(r1, r2), lesion.oedema, options.haloMask), finding });
  const lengths = cumulative(path.points);
  const total = lengths[lengths.length - 1];
  const gap = Math.min(lesion.gapMm, 0.6 * total);
  let pieces: Vec3[][] = [path.points.slice()];
  if (gap > 0) {
    const mid = options.gapAt * total;
    const s0 = Math.max(mid - gap / 2, 0.1 * total);
    const s1 = Math.min(s0 + gap, 0.95 * total);
    let first = piece(path.points, lengths, 0, s0);
    let second = piece(path.points, lengths, s1, total);
    if (options.sagging === 'end') second = sag(second, second[second.length - 1], lesion.courseFlattenDeg);
    if (options.sagging === 'start') first = sag(first, first[0], lesion.courseFlattenDeg);
    pieces = [first, second];
    const centre = pointAt(path.points, lengths, (s0 + s1) / 2);
    const spread = Math.max(r1, r2) + gap / 4;
    layers.push({ kind: 'blob', centre, radii: [spread, spread, spread], amplitude: lesion.oedema, finding, ...(options.haloMask ? { mask: options.haloMask } : {}) });
  }
  for (const p of pieces) {
    const course = options.wavy && !lesion.mimic ? wave(subdivided(p, 4), 1.2 * lesion.severity * Math.max(r1, r2), across) : p;
    layers.push({ kind: 'paint', shape: polyBand(course, r1 * k, r2 * k, across), value, finding });
  }
  return layers;
}
