// Shoulder MRI phantom (mm; x along the supraspinatus, lateral +; y anterior; z superior; humeral head
// centre at the origin), imaged in oblique coronal and sagittal planes: humeral head, greater tuberosity
// and shaft, glenoid and scapula, acromion and clavicle, deltoid and cuff muscles, the supraspinatus and
// infraspinatus tendons arching over the head. Cuff tear (the usual radiological signs): a fluid-bright gap near the
// footprint over part of the tendon's width (full thickness, medial stump retracted and thickened), or an
// articular-side high-signal sliver (partial); tendinosis (thickened, greyer tendon) is the mimic.
import type { Rng } from '../../../../benchmarks/rng.ts';
import type { ExamFindings, LesionDraw } from './lesion-draw.ts';
import type { Layer, MriScene } from './scene.ts';
import {
  band, ellipsoid, halfSpace, intersect, offset, polyBand, roundedBox, shellOutside, smoothUnion, sphere, subtract, union,
  type Shape, type Vec3,
} from './shapes.ts';

export interface ShoulderAnatomy {
  scale: number;
  headRadius: number;
  tendonMm: number;
  tendonWidthMm: number;
  /** Acromiohumeral distance above the tendon. */
  subacromialMm: number;
  cartilageMm: number;
  fatMm: number;
}

export function drawShoulderAnatomy(rng: Rng): ShoulderAnatomy {
  return {
    scale: rng.uniform(0.9, 1.1),
    headRadius: rng.uniform(22, 26),
    tendonMm: rng.uniform(4.5, 6.5),
    tendonWidthMm: rng.uniform(22, 28),
    subacromialMm: rng.uniform(3, 7),
    cartilageMm: rng.uniform(1.2, 1.8),
    fatMm: rng.uniform(8, 25),
  };
}

const rad = (deg: number): number => (deg * Math.PI) / 180;

/** Points along an arc over the head at radius `r`, from `fromDeg` to `toDeg` (angle from +x in x–z), at depth y. */
function arc(r: number, fromDeg: number, toDeg: number, y: number, pieces = 6): Vec3[] {
  return Array.from({ length: pieces + 1 }, (_, k) => {
    const a = rad(fromDeg + ((toDeg - fromDeg) * k) / pieces);
    return [r * Math.cos(a), y, r * Math.sin(a)];
  });
}

/** Region between angles `lowDeg` and `highDeg` (from +x, in x–z) around the y axis. */
function angularWedge(lowDeg: number, highDeg: number): Shape {
  const lo = rad(lowDeg);
  const hi = rad(highDeg);
  return intersect(halfSpace([0, 0, 0], [-Math.sin(hi), 0, Math.cos(hi)]), halfSpace([0, 0, 0], [Math.sin(lo), 0, -Math.cos(lo)]));
}

function boneLayers(shape: Shape): Layer[] {
  return [{ kind: 'paint', shape, value: 'cortex' }, { kind: 'paint', shape: offset(shape, -1.5), value: 'marrow' }];
}

function cuffTearLayers(lesion: LesionDraw, tendon: { radius: number; thickness: number; halfWidth: number }, target: boolean): Layer[] {
  const finding = target && !lesion.mimic;
  const centreY = -4 + 10 * lesion.variant;
  const across = intersect(halfSpace([0, centreY + lesion.lesionMm / 2, 0], [0, 1, 0]), halfSpace([0, centreY - lesion.lesionMm / 2, 0], [0, -1, 0]));
  const inner = tendon.radius - tendon.thickness / 2;
  const outer = tendon.radius + tendon.thickness / 2;
  const tendonShell = subtract(sphere([0, 0, 0], outer + 0.4), sphere([0, 0, 0], inner - 0.4));
  if (lesion.mimic) {
    const zone = intersect(tendonShell, angularWedge(40, 80), across);
    return [{ kind: 'paint', shape: offset(zone, 0.8), value: { from: 'fibrous', to: 'muscle', t: 0.6 } }];
  }
  if (lesion.partial) {
    const articular = subtract(intersect(sphere([0, 0, 0], tendon.radius), tendonShell), sphere([0, 0, 0], inner - 0.4));
    return [{ kind: 'paint', shape: intersect(articular, angularWedge(42, 42 + lesion.lesionMm * 1.5), across), value: { from: 'fibrous', to: 'fluid', t: lesion.signalGain }, finding }];
  }
  // Full thickness: the gap opens ~1 cm from the footprint; the medial stump retracts and balls up.
  const gapDeg = (lesion.gapMm / tendon.radius) * (180 / Math.PI);
  const low = 42;
  const high = low + Math.max(gapDeg, 8);
  const stumpAngle = rad(high + 3);
  const stump: Vec3 = [tendon.radius * Math.cos(stumpAngle), centreY, tendon.radius * Math.sin(stumpAngle)];
  return [
    { kind: 'paint', shape: intersect(offset(tendonShell, 0.6), angularWedge(low, high), across), value: 'fluid', finding },
    { kind: 'paint', shape: intersect(ellipsoid(stump, [4, lesion.lesionMm / 2, tendon.thickness * 0.9]), across), value: { from: 'fibrous', to: 'fluid', t: 0.25 }, finding },
  ];
}

export function buildShoulderScene(a: ShoulderAnatomy, findings: ExamFindings): MriScene {
  const s = a.scale;
  const P = (x: number, y: number, z: number): Vec3 => [x * s, y * s, z * s];
  const R = a.headRadius * s;
  const t = a.cartilageMm;
  const T = a.tendonMm;
  const tendonRadius = R + t + T / 2 + 0.3;
  const acromionBottom = tendonRadius + T / 2 + a.subacromialMm;
  const head = sphere([0, 0, 0], R);
  const tuberosity = ellipsoid([0.78 * R, 0, 0.45 * R], P(10, 15, 11));
  const shaft = band([0.25 * R, 0, -0.5 * R], [18 * s, 0, -300], 15 * s, 15 * s);
  const humerus = smoothUnion(union(head, tuberosity), shaft, 12);
  const glenoid = subtract(ellipsoid([-R - 10 * s, 0, 0], P(12, 16, 22)), sphere([0, 0, 0], R + 2 * t + 0.5));
  const scapula = union(glenoid, band([-R - 14 * s, 0, 0], P(-110, -8, -10), 4 * s, 30 * s, [0, 1, 0]), band(P(-100, -28, 20), [-10 * s, -12 * s, acromionBottom + 4], 6 * s, 9 * s));
  const acromion = roundedBox([6 * s, -4 * s, acromionBottom + 4.5], P(22, 18, 4.5), 3);
  const clavicle = band([-8 * s, 16 * s, acromionBottom + 10 * s], P(-110, 26, 58), 8 * s, 8 * s);
  const limb = ellipsoid(P(-10, 0, 0), [120 * s + a.fatMm, 80 * s + a.fatMm, 170 * s + a.fatMm]);
  const deltoid = intersect(subtract(ellipsoid(P(8, 0, 2), [R + 34 * s, R + 32 * s, R + 48 * s]), sphere([0, 0, 0], R + 10)), halfSpace([-18 * s, 0, 0], [-1, 0, 0]));
  const muscle = (shape: Shape): Layer => ({ kind: 'paint', shape, value: 'muscle' });
  const halfWidth = (a.tendonWidthMm * s) / 2;
  const supraspinatus = polyBand(arc(tendonRadius, 150, 38, 0), halfWidth, T / 2, [0, 1, 0]);
  const infraspinatus = polyBand(arc(tendonRadius, 150, 20, -halfWidth - 9 * s), 9 * s, T / 2, [0, 1, 0]);
  const bursa = intersect(shellOutside(sphere([0, 0, 0], tendonRadius + T / 2), 0.4 + 2.5 * findings.effusion), halfSpace([0, 0, 0.3 * R], [0, 0, -1]), halfSpace([-10 * s, 0, 0], [-1, 0, 0]));
  const layers: Layer[] = [
    { kind: 'paint', shape: limb, value: 'fat' },
    { kind: 'paint', shape: offset(limb, -a.fatMm), value: 'softTissue' },
    muscle(deltoid),
    muscle(ellipsoid(P(-55, -8, 62), P(50, 30, 18))),
    muscle(ellipsoid([-60 * s, 0, tendonRadius + 6 * s], P(40, 16, 12))),
    muscle(ellipsoid(P(-45, -30, 0), P(40, 12, 35))),
    muscle(ellipsoid(P(-45, 26, -5), P(40, 10, 35))),
    { kind: 'paint', shape: bursa, value: 'fluid' },
    { kind: 'paint', shape: intersect(shellOutside(head, t + 0.5 + 1.5 * findings.effusion), halfSpace([0, 0, -0.3 * R], [0, 0, 1])), value: 'fluid' },
    ...boneLayers(humerus),
    ...boneLayers(scapula),
    ...boneLayers(acromion),
    ...boneLayers(clavicle),
    { kind: 'paint', shape: intersect(shellOutside(head, t), halfSpace([0.45 * R, 0, 0], [1, 0, 0])), value: 'cartilage' },
    { kind: 'paint', shape: intersect(subtract(sphere([0, 0, 0], R + 2 * t + 0.5), sphere([0, 0, 0], R + t + 0.5)), offset(glenoid, 1.5)), value: 'cartilage' },
    { kind: 'paint', shape: supraspinatus, value: 'fibrous' },
    { kind: 'paint', shape: infraspinatus, value: 'fibrous' },
  ];
  const lesion = findings.lesions.get('cuff-tear');
  if (lesion) layers.push(...cuffTearLayers(lesion, { radius: tendonRadius, thickness: T, halfWidth }, findings.target === 'cuff-tear'));
  return {
    layers,
    fovMm: 160 * s,
    centre: P(-5, 0, 10),
    extent: { sagittal: [-30 * s, 30 * s], coronal: [-28 * s, 28 * s], axial: [-30 * s, 40 * s] },
    focus: [tendonRadius * Math.cos(rad(50)), 1, tendonRadius * Math.sin(rad(50))],
  };
}
