// The knee MRI scene: soft tissues and muscles, joint fluid, bones (cortex and marrow), cartilage, menisci,
// cruciate and collateral ligaments, tendons, and the lesions of the exam's findings, painted in that order.
import { buildKneeShapes, type KneeMriAnatomy, type KneeShapes } from './knee-anatomy.ts';
import { boneContusionLayers, cartilageLesionLayers, meniscusTearLayers } from './knee-lesions.ts';
import type { ExamFindings } from './lesion-draw.ts';
import { ligamentLayers, type LigamentPath } from './ligament-layers.ts';
import type { Layer, MriScene } from './scene.ts';
import { band, ellipsoid, halfSpace, intersect, offset, shellOutside, subtract, type Shape, type Vec3 } from './shapes.ts';

const CORTEX_MM = 1.6;

function boneLayers(shape: Shape): Layer[] {
  return [
    { kind: 'paint', shape, value: 'cortex' },
    { kind: 'paint', shape: offset(shape, -CORTEX_MM), value: 'marrow' },
  ];
}

function limbShape(k: KneeShapes, a: KneeMriAnatomy): Shape {
  return ellipsoid([0, -2 * a.scale, 0], [k.points.halfWidth + 20 * a.scale + a.fatMm, 58 * a.scale + a.fatMm, 400]);
}

function softTissueLayers(k: KneeShapes, a: KneeMriAnatomy): Layer[] {
  const p = k.points;
  const s = a.scale;
  const limb = limbShape(k, a);
  const zF = p.femurBottom;
  const muscle = (centre: Vec3, radii: Vec3, clip?: Shape): Layer => {
    const shape = ellipsoid(centre, radii);
    return { kind: 'paint', shape: clip ? intersect(shape, clip) : shape, value: 'muscle' };
  };
  return [
    { kind: 'paint', shape: limb, value: 'fat' },
    { kind: 'paint', shape: offset(limb, -a.fatMm), value: 'softTissue' },
    muscle([0, 24 * s, zF + 110 * s], [p.halfWidth + 6, 28 * s, 80 * s], halfSpace([0, 0, zF + 38 * s], [0, 0, -1])),
    muscle([0, -36 * s, zF + 110 * s], [p.halfWidth + 6, 26 * s, 85 * s], halfSpace([0, 0, zF + 22 * s], [0, 0, -1])),
    muscle([-18 * s, -40 * s, p.tibiaTop - 50 * s], [18 * s, 20 * s, 75 * s]),
    muscle([18 * s, -40 * s, p.tibiaTop - 55 * s], [16 * s, 18 * s, 70 * s]),
    { kind: 'paint', shape: band([22 * s, -16 * s, p.tibiaTop - 8 * s], [-12 * s, -24 * s, p.tibiaTop - 40 * s], 6 * s, 6 * s), value: 'muscle' },
    { kind: 'paint', shape: ellipsoid([0, 27 * s, p.tibiaTop + 6 * s], [20 * s, 9 * s, 12 * s]), value: 'fat' },
  ];
}

function fluidLayers(k: KneeShapes, a: KneeMriAnatomy, effusion: number): Layer[] {
  const p = k.points;
  const s = a.scale;
  const film = intersect(shellOutside(offset(k.femurCondyles, a.cartilageMm), 0.6 + 2.5 * effusion), halfSpace([0, 0, p.medialCondyle[2]], [0, 0, 1]));
  return [
    { kind: 'paint', shape: ellipsoid([0, 29 * s, p.patella[2] + 24 * s], [22 * s, (2 + 6 * effusion) * s, (16 + 12 * effusion) * s]), value: 'fluid' },
    { kind: 'paint', shape: ellipsoid([p.medialCondyle[0], -34 * s, p.femurBottom + 12 * s], [10 * s, (2 + 5 * effusion) * s, 12 * s]), value: 'fluid' },
    { kind: 'paint', shape: film, value: 'fluid' },
  ];
}

type KneeLigament = 'acl' | 'pcl' | 'mcl' | 'lcl' | 'patellarTendon' | 'quadricepsTendon';

function ligamentPaths(k: KneeShapes, a: KneeMriAnatomy): Record<KneeLigament, LigamentPath> {
  const p = k.points;
  const s = a.scale;
  const n = a.notchHalf * s;
  const zF = p.femurBottom;
  const r = a.aclRadius * s;
  return {
    acl: { points: [[0.7 * n + 1 * s, -16 * s, zF + 14 * s], [0.3 * n - 1 * s, 8 * s, p.tibialCartilageTop]], r1: r * 0.8, r2: r, across: [1, 0, 0] },
    pcl: {
      points: [[-n - 1 * s, 6 * s, zF + 16 * s], [-5 * s, -10 * s, zF + 12 * s], [-3 * s, -22 * s, p.tibiaTop - 2 * s], [-2 * s, -26 * s, p.tibiaTop - 12 * s]],
      r1: r, r2: r * 1.15, across: [1, 0, 0],
    },
    mcl: { points: [[-(p.halfWidth + 4.5 * s), -4 * s, zF + 30 * s], [-(p.halfWidth + 5 * s), 2 * s, p.tibiaTop - 45 * s]], r1: 1.8 * s, r2: 9 * s, across: [1, 0, 0] },
    lcl: { points: [[p.halfWidth + 3 * s, -8 * s, zF + 26 * s], [p.fibulaHead[0], p.fibulaHead[1] + 1, p.fibulaHead[2] + 9 * s]], r1: 2.8 * s, r2: 2.8 * s, across: [1, 0, 0] },
    patellarTendon: { points: [[0, 40 * s, p.patella[2] - 16 * s], [0, 27 * s, p.tibiaTop - 34 * s]], r1: 3.5 * s, r2: 13 * s, across: [0, 1, 0] },
    quadricepsTendon: { points: [[0, 38 * s, p.patella[2] + 16 * s], [0, 30 * s, p.patella[2] + 70 * s]], r1: 4.5 * s, r2: 15 * s, across: [0, 1, 0] },
  };
}

/** Courses of the knee's ligaments and tendons (for measuring their continuity in tests and tools). */
export function kneeLigamentPaths(a: KneeMriAnatomy): Record<KneeLigament, LigamentPath> {
  return ligamentPaths(buildKneeShapes(a), a);
}

/** The anatomical point nearest which each finding appears (the preview's key slice passes through it). */
function focusOf(finding: string, k: KneeShapes, paths: ReturnType<typeof ligamentPaths>): Vec3 {
  const p = k.points;
  const mid = (path: LigamentPath): Vec3 => {
    const a = path.points[0];
    const b = path.points[path.points.length - 1];
    return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2];
  };
  switch (finding) {
    case 'acl-tear': return mid(paths.acl);
    case 'pcl-tear': return paths.pcl.points[1];
    case 'mcl-tear': return mid(paths.mcl);
    case 'lcl-tear': return mid(paths.lcl);
    case 'meniscus-tear': return [p.medialMeniscus[0], p.medialMeniscus[1] - 0.78 * p.meniscusOuter[1], p.medialMeniscus[2]];
    case 'cartilage-lesion': return [p.medialCondyle[0], p.medialCondyle[1], p.femurBottom];
    default: return [p.lateralCondyle[0], 0, p.tibiaTop];
  }
}

export function buildKneeScene(a: KneeMriAnatomy, findings: ExamFindings): MriScene {
  const k = buildKneeShapes(a);
  const paths = ligamentPaths(k, a);
  const lesion = (finding: string) => findings.lesions.get(finding);
  const isTarget = (finding: string): boolean => findings.target === finding;
  const outsideBone = subtract(limbShape(k, a), k.femur, k.tibia, k.fibula);
  const ligament = (finding: string, path: LigamentPath, gapAt: number, options: { sagging?: 'end'; halo?: boolean } = {}): Layer[] =>
    ligamentLayers(path, lesion(finding), { gapAt, ...options, haloMask: outsideBone }, isTarget(finding));
  const layers: Layer[] = [
    ...softTissueLayers(k, a),
    ...fluidLayers(k, a, findings.effusion),
    ...boneLayers(k.femur),
    ...boneLayers(k.tibia),
    ...boneLayers(k.fibula),
    ...boneLayers(k.patella),
    { kind: 'paint', shape: k.femoralCartilage, value: 'cartilage' },
    { kind: 'paint', shape: k.tibialCartilage, value: 'cartilage' },
    { kind: 'paint', shape: k.patellarCartilage, value: 'cartilage' },
    { kind: 'paint', shape: k.medialMeniscus, value: 'fibrous' },
    { kind: 'paint', shape: k.lateralMeniscus, value: 'fibrous' },
    ...ligament('acl-tear', paths.acl, 0.45, { sagging: 'end' }),
    ...ligament('pcl-tear', paths.pcl, 0.45, { halo: true }),
    ...ligament('mcl-tear', paths.mcl, 0.3, { halo: true }),
    ...ligament('lcl-tear', paths.lcl, 0.4, { halo: true }),
    ...ligamentLayers(paths.patellarTendon, undefined, { gapAt: 0.5 }, false),
    ...ligamentLayers(paths.quadricepsTendon, undefined, { gapAt: 0.5 }, false),
  ];
  const meniscal = lesion('meniscus-tear');
  if (meniscal) layers.push(...meniscusTearLayers(k, meniscal, isTarget('meniscus-tear')));
  const cartilage = lesion('cartilage-lesion');
  if (cartilage) layers.push(...cartilageLesionLayers(k, cartilage, isTarget('cartilage-lesion'), a.cartilageMm));
  const contusion = lesion('bone-contusion');
  if (contusion) layers.push(...boneContusionLayers(k, contusion, isTarget('bone-contusion')));
  const s = a.scale;
  return {
    layers,
    fovMm: 135 * s,
    centre: [0, 2 * s, 4 * s],
    extent: { sagittal: [-k.points.halfWidth - 4, k.points.halfWidth + 4], coronal: [-30 * s, 24 * s], axial: [-30 * s, 35 * s] },
    focus: focusOf(findings.target, k, paths),
  };
}

