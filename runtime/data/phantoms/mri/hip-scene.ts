// Hip MRI phantom (mm; x lateral, y anterior, z superior; femoral head centre at the origin): pelvis with
// the acetabular socket cut at the rim (centre-edge angle), femoral head, neck, trochanters and shaft,
// cartilage, the acetabular labrum as a torus at the rim, gluteal, iliopsoas and adductor muscles.
// Labral tear (the usual radiological signs): high intrasubstance signal, a fluid-bright cleft at the labral base
// (detachment) and paralabral fluid, anterosuperior over about one to two clock-face hours of the rim.
import type { Rng } from '../../../../benchmarks/rng.ts';
import type { ExamFindings, LesionDraw } from './lesion-draw.ts';
import type { Layer, MriScene } from './scene.ts';
import { ellipticTorus } from './special-shapes.ts';
import {
  add, band, cross, dot, ellipsoid, halfSpace, intersect, offset, scale, shellOutside, smoothUnion, sphere, subtract, union, unit,
  type Shape, type Vec3,
} from './shapes.ts';

export interface HipAnatomy {
  scale: number;
  headRadius: number;
  /** Neck direction below the horizontal (degrees). */
  neckDeg: number;
  centreEdgeDeg: number;
  cartilageMm: number;
  labrumMm: number;
  fatMm: number;
}

export function drawHipAnatomy(rng: Rng): HipAnatomy {
  return {
    scale: rng.uniform(0.9, 1.1),
    headRadius: rng.uniform(22, 26),
    neckDeg: rng.uniform(35, 45),
    centreEdgeDeg: rng.uniform(25, 38),
    cartilageMm: rng.uniform(1.6, 2.2),
    labrumMm: rng.uniform(4.5, 6.5),
    fatMm: rng.uniform(10, 30),
  };
}

const rad = (deg: number): number => (deg * Math.PI) / 180;

function boneLayers(shape: Shape): Layer[] {
  return [{ kind: 'paint', shape, value: 'cortex' }, { kind: 'paint', shape: offset(shape, -1.6), value: 'marrow' }];
}

interface LabralSite {
  labrum: Shape;
  /** The acetabulum: a cleft at the labral base stops at its bone. */
  pelvis: Shape;
  rim: { centre: Vec3; axis: Vec3; radius: number };
}

function labralTearLayers(lesion: LesionDraw, { labrum, pelvis, rim }: LabralSite, target: boolean): Layer[] {
  const e1 = unit(cross(rim.axis, [0, 1, 0]));
  // Anterosuperior: between superior (β = 0) and anterior (β = 90°) around the rim.
  const beta = rad(30 + 50 * lesion.variant);
  const site = add(rim.centre, add(scale(e1, rim.radius * Math.cos(beta)), scale([0, 1, 0], rim.radius * Math.sin(beta))));
  const extent = sphere(site, lesion.lesionMm / 2);
  const finding = target && !lesion.mimic;
  const layers: Layer[] = [
    { kind: 'paint', shape: intersect(labrum, extent), value: { from: 'fibrous', to: 'fluid', t: lesion.mimic ? 0.2 : lesion.signalGain }, finding },
  ];
  if (lesion.mimic) return layers;
  // The detachment cleft at the labral base is about two pixels across at 64 px (a 2.7 mm pixel at this field
  // of view) or it vanishes; a partial tear detaches only part of the base, so its cleft is narrower.
  const cleft = ellipticTorus(add(rim.centre, scale(rim.axis, 0.6)), rim.axis, rim.radius, 1.2 + lesion.gapMm / 2, lesion.partial ? 2 : 2.2);
  layers.push({ kind: 'paint', shape: subtract(intersect(cleft, extent), pelvis), value: 'fluid', finding });
  // Paralabral fluid beside the tear, tracking along the rim (mostly front to back here), more with severity.
  const r = 4 + 4 * lesion.severity;
  layers.push({ kind: 'blob', centre: add(site, scale(rim.axis, 6)), radii: [r, 1.5 * r, r], amplitude: lesion.partial ? 0.55 : 0.65, finding });
  return layers;
}

export function buildHipScene(a: HipAnatomy, findings: ExamFindings): MriScene {
  const s = a.scale;
  const P = (x: number, y: number, z: number): Vec3 => [x * s, y * s, z * s];
  const R = a.headRadius * s;
  const t = a.cartilageMm;
  const socket = R + 2 * t + 0.6;
  const neckDir: Vec3 = unit([Math.cos(rad(a.neckDeg)), 0.12, -Math.sin(rad(a.neckDeg))]);
  const head = sphere([0, 0, 0], R);
  const neck = band([0, 0, 0], scale(neckDir, 45 * s), 15 * s, 13 * s, [0, 1, 0]);
  const trochanter = ellipsoid(P(48, -10, -30), P(14, 18, 22));
  const shaft = band(P(52, 0, -45), [60 * s, 0, -320], 15 * s, 15 * s);
  const lesser = ellipsoid(P(24, -12, -64), P(8, 8, 9));
  const femur = smoothUnion(smoothUnion(union(head, neck), union(trochanter, lesser), 8), shaft, 14);
  // The acetabular roof ends at the rim, centre-edge angle from vertical; the ilium flares up and out.
  const ce = rad(a.centreEdgeDeg);
  const rimPoint: Vec3 = [socket * Math.sin(ce), 0, socket * Math.cos(ce)];
  const rimNormal: Vec3 = unit([Math.cos(rad(20)), 0, -Math.sin(rad(20))]);
  const block = union(ellipsoid(P(-5, -5, 50), P(48, 36, 56)), ellipsoid(P(-22, -12, -26), P(24, 26, 34)), band(P(-12, 20, -16), P(-90, 30, -22), 10 * s, 10 * s));
  const pelvis = subtract(intersect(block, halfSpace(rimPoint, rimNormal)), sphere([0, 0, 0], socket));
  const h = dot(rimPoint, rimNormal);
  const rim = { centre: scale(rimNormal, h), axis: rimNormal, radius: Math.sqrt(socket * socket - h * h) - 0.5 };
  const labrum = subtract(
    intersect(ellipticTorus(add(rim.centre, scale(rimNormal, a.labrumMm * 0.5)), rimNormal, rim.radius, a.labrumMm * 0.9, a.labrumMm * 0.5), halfSpace([0, 0, -0.2 * R], [0, 0, -1])),
    sphere([0, 0, 0], R + t), pelvis,
  );
  const limb = ellipsoid(P(10, 5, -20), [130 * s + a.fatMm, 100 * s + a.fatMm, 400]);
  const muscle = (c: Vec3, r: Vec3): Layer => ({ kind: 'paint', shape: ellipsoid(P(...c), P(...r)), value: 'muscle' });
  const layers: Layer[] = [
    { kind: 'paint', shape: limb, value: 'fat' },
    { kind: 'paint', shape: offset(limb, -a.fatMm), value: 'softTissue' },
    muscle([42, -15, 58], [34, 45, 55]),
    muscle([20, -78, 0], [70, 30, 90]),
    muscle([-45, 0, -62], [30, 45, 60]),
    muscle([68, 5, -100], [22, 30, 70]),
    muscle([-30, 0, 60], [18, 30, 50]),
    { kind: 'paint', shape: band(P(-10, 36, 90), P(18, 26, -55), 16 * s, 16 * s), value: 'muscle' },
    { kind: 'paint', shape: intersect(shellOutside(union(head, neck), 1 + 3 * findings.effusion), sphere([0, 0, 0], R + 30 * s)), value: 'fluid' },
    ...boneLayers(pelvis),
    ...boneLayers(femur),
    { kind: 'paint', shape: intersect(shellOutside(head, t), halfSpace([0, 0, -0.5 * R], [0, 0, -1])), value: 'cartilage' },
    { kind: 'paint', shape: intersect(subtract(sphere([0, 0, 0], socket), sphere([0, 0, 0], socket - t)), offset(intersect(block, halfSpace(rimPoint, rimNormal)), 1)), value: 'cartilage' },
    { kind: 'paint', shape: labrum, value: 'fibrous' },
  ];
  const lesion = findings.lesions.get('labrum-tear');
  if (lesion) layers.push(...labralTearLayers(lesion, { labrum, pelvis, rim }, findings.target === 'labrum-tear'));
  const e1 = unit(cross(rim.axis, [0, 1, 0]));
  return {
    layers,
    fovMm: 170 * s,
    centre: P(8, 0, 0),
    extent: { sagittal: [-30 * s, 40 * s], coronal: [-30 * s, 30 * s], axial: [-30 * s, 35 * s] },
    focus: add(rim.centre, add(scale(e1, rim.radius * Math.cos(rad(55))), [0, rim.radius * Math.sin(rad(55)), 0])),
  };
}
