// Ankle MRI phantom (mm; x lateral, y anterior, z superior; talar dome centre at the origin): distal tibia
// and fibula with the malleoli, talus, calcaneus, navicular, Achilles, peroneal, flexor and extensor
// tendons, and the lateral ligaments. ATFL (nearly horizontal, seen on axial slices at the level of the
// malleolar tip) and CFL (running down and back to the calcaneus, seen on coronal slices); a tear is a
// thickened, wavy or absent ligament with surrounding oedema (the usual radiological signs).
import type { Rng } from '../../../../benchmarks/rng.ts';
import type { ExamFindings } from './lesion-draw.ts';
import { ligamentLayers, type LigamentPath } from './ligament-layers.ts';
import type { Layer, MriScene } from './scene.ts';
import { band, ellipsoid, halfSpace, intersect, offset, shellOutside, smoothUnion, subtract, union, type Shape, type Vec3 } from './shapes.ts';

export interface AnkleAnatomy {
  scale: number;
  talusHalfWidth: number;
  ligamentMm: number;
  cartilageMm: number;
  fatMm: number;
}

export function drawAnkleAnatomy(rng: Rng): AnkleAnatomy {
  return {
    scale: rng.uniform(0.9, 1.1),
    talusHalfWidth: rng.uniform(19, 22),
    ligamentMm: rng.uniform(1.5, 2.2),
    cartilageMm: rng.uniform(1.2, 1.8),
    fatMm: rng.uniform(3, 10),
  };
}

function boneLayers(shape: Shape): Layer[] {
  return [{ kind: 'paint', shape, value: 'cortex' }, { kind: 'paint', shape: offset(shape, -1.4), value: 'marrow' }];
}

function tendon(points: Vec3[], r: number): Layer {
  return { kind: 'paint', shape: band(points[0], points[1], r, r), value: 'fibrous' };
}

export function buildAnkleScene(a: AnkleAnatomy, findings: ExamFindings): MriScene {
  const s = a.scale;
  const P = (x: number, y: number, z: number): Vec3 => [x * s, y * s, z * s];
  const w = a.talusHalfWidth * s;
  const t = a.cartilageMm;
  const talusDome = ellipsoid([0, 5 * s, 0], [w, 27 * s, 16 * s]);
  const talus = smoothUnion(talusDome, band(P(0, 20, -4), P(-4, 48, -10), 11 * s, 11 * s), 6);
  const plafondBottom = 16 * s + 2 * t + 0.5;
  const tibia = smoothUnion(
    union(band([0, -2 * s, 300], [0, -2 * s, plafondBottom + 18 * s], 22 * s, 20 * s, [1, 0, 0]), ellipsoid([0, 0, plafondBottom + 12 * s], [w + 5 * s, 24 * s, 12 * s])),
    ellipsoid([-(w + 7 * s), 0, 10 * s], P(6, 12, 17)), 5,
  );
  const malleolus: Vec3 = [w + 8 * s, -3 * s, -4 * s];
  const fibula = smoothUnion(band([w + 5 * s, -6 * s, 300], [w + 7 * s, -4 * s, 10 * s], 8 * s, 8 * s), ellipsoid(malleolus, P(7, 12, 20)), 6);
  const calcaneus = union(ellipsoid(P(2, -22, -33), P(18, 38, 15)), ellipsoid(P(0, -52, -31), P(16, 14, 18)));
  const navicular = ellipsoid(P(-6, 52, -10), P(16, 7, 13));
  const limb = union(ellipsoid(P(0, -5, 60), [38 * s + a.fatMm, 42 * s + a.fatMm, 160 * s]), ellipsoid(P(0, 30, -38), [40 * s + a.fatMm, 95 * s, 30 * s + a.fatMm]));
  const r = a.ligamentMm * s;
  const atfl: LigamentPath = { points: [[malleolus[0] - 1, malleolus[1] + 9 * s, -11 * s], P(13, 20, -9)], r1: 2.4 * r, r2: r, across: [0, 0, 1] };
  const cfl: LigamentPath = { points: [[malleolus[0] + 1, malleolus[1] - 1, -21 * s], P(19.5, -15, -39)], r1: 1.8 * r, r2: 1.5 * r, across: [1, 0, 0] };
  const outsideBone = subtract(limb, tibia, fibula, talus, calcaneus);
  const lesion = (finding: string) => findings.lesions.get(finding);
  const layers: Layer[] = [
    { kind: 'paint', shape: limb, value: 'fat' },
    { kind: 'paint', shape: offset(limb, -a.fatMm), value: 'softTissue' },
    { kind: 'paint', shape: ellipsoid(P(0, -34, 12), P(14, 10, 32)), value: 'fat' },
    { kind: 'paint', shape: ellipsoid(P(-14, -24, 70), P(18, 14, 50)), value: 'muscle' },
    // Effusion collects in the anterior and posterior recesses of the tibiotalar joint.
    { kind: 'paint', shape: intersect(shellOutside(talusDome, 2 * t + 0.5 + 3 * findings.effusion), halfSpace([0, 0, -4 * s], [0, 0, -1]), halfSpace([0, 12 * s, 0], [0, -1, 0])), value: 'fluid' },
    { kind: 'paint', shape: intersect(shellOutside(talusDome, 2 * t + 0.3 + 2 * findings.effusion), halfSpace([0, 0, -4 * s], [0, 0, -1]), halfSpace([0, -18 * s, 0], [0, 1, 0])), value: 'fluid' },
    ...boneLayers(tibia),
    ...boneLayers(fibula),
    ...boneLayers(talus),
    ...boneLayers(calcaneus),
    ...boneLayers(navicular),
    { kind: 'paint', shape: intersect(shellOutside(talusDome, 2 * t + 0.4), halfSpace([0, 0, 4 * s], [0, 0, -1])), value: 'cartilage' },
    { kind: 'paint', shape: band(P(0, -48, 100), P(0, -44, -32), 5 * s, 11 * s, [0, 1, 0]), value: 'fibrous' },
    tendon([P(30, -16, 60), P(32, -11, -18)], 3 * s),
    tendon([P(32, -11, -18), P(31, 18, -44)], 3 * s),
    tendon([P(-22, -12, 80), P(-28, 5, -25)], 3 * s),
    tendon([P(-15, 28, 80), P(-18, 40, -20)], 4 * s),
    tendon([P(5, 30, 80), P(8, 45, -20)], 3 * s),
    { kind: 'paint', shape: band([malleolus[0] - 2, -12 * s, -8 * s], P(10, -18, -6), 3 * s, 2 * s), value: 'fibrous' },
    { kind: 'paint', shape: band([-(w + 7 * s), 0, -6 * s], [-(w + 1 * s), 0, -22 * s], 2 * s, 8 * s, [1, 0, 0]), value: 'fibrous' },
    ...ligamentLayers(atfl, lesion('atfl-tear'), { gapAt: 0.3, halo: true, wavy: true, haloMask: outsideBone }, findings.target === 'atfl-tear'),
    ...ligamentLayers(cfl, lesion('cfl-tear'), { gapAt: 0.5, halo: true, wavy: true, haloMask: outsideBone }, findings.target === 'cfl-tear'),
  ];
  const mid = (p: LigamentPath): Vec3 => [(p.points[0][0] + p.points[1][0]) / 2, (p.points[0][1] + p.points[1][1]) / 2, (p.points[0][2] + p.points[1][2]) / 2];
  return {
    layers,
    fovMm: 140 * s,
    centre: P(4, 0, -10),
    extent: { sagittal: [-30 * s, 34 * s], coronal: [-30 * s, 30 * s], axial: [-40 * s, 25 * s] },
    focus: findings.target === 'cfl-tear' ? mid(cfl) : mid(atfl),
  };
}
