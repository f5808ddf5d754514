// Knee anatomy for MRI phantoms in millimetres (x medial → lateral of a right knee, y posterior → anterior,
// z inferior → superior, joint line near z = 0): femoral condyles, trochlea and shaft, tibial plateau with
// spines, fibular head, patella, cartilage, menisci and the attachment points of the four main ligaments.
// Sizes follow adult knee morphometry roughly (ACL ≈ 32 mm long, cartilage 2–3 mm, menisci 5–7 mm high).
import type { Rng } from '../../../../benchmarks/rng.ts';
import {
  ellipsoid, halfSpace, intersect, offset, roundedBox, band, smoothUnion, subtract, union, type Shape, type Vec3,
} from './shapes.ts';
import { wedgeRing } from './special-shapes.ts';

export interface KneeMriAnatomy {
  scale: number;
  cartilageMm: number;
  notchHalf: number;
  condyle: Vec3;
  patellaShift: number;
  aclRadius: number;
  meniscusHeight: number;
  fatMm: number;
}

export function drawKneeMriAnatomy(rng: Rng): KneeMriAnatomy {
  return {
    scale: rng.uniform(0.9, 1.1),
    cartilageMm: rng.uniform(2, 2.8),
    notchHalf: rng.uniform(6, 9),
    condyle: [rng.uniform(13, 16), rng.uniform(25, 28), rng.uniform(20, 23)],
    patellaShift: rng.uniform(-4, 6),
    aclRadius: rng.uniform(3.5, 4.5),
    meniscusHeight: rng.uniform(6, 8),
    fatMm: rng.uniform(4, 14),
  };
}

export interface KneeShapes {
  femur: Shape;
  femurCondyles: Shape;
  tibia: Shape;
  fibula: Shape;
  patella: Shape;
  femoralCartilage: Shape;
  tibialCartilage: Shape;
  patellarCartilage: Shape;
  medialMeniscus: Shape;
  lateralMeniscus: Shape;
  /** Key points and sizes, for ligaments, fluid and lesions. */
  points: KneePoints;
}

export interface KneePoints {
  /** Tibial bone surface, tibial cartilage surface and femoral bone bottom heights. */
  tibiaTop: number;
  tibialCartilageTop: number;
  femurBottom: number;
  medialCondyle: Vec3;
  lateralCondyle: Vec3;
  /** Medial and lateral bone half widths. */
  halfWidth: number;
  patella: Vec3;
  fibulaHead: Vec3;
  /** Meniscal centres on the tibial cartilage and their outer semi-axes. */
  medialMeniscus: Vec3;
  lateralMeniscus: Vec3;
  meniscusOuter: readonly [number, number];
}

/** Geometry is built at unit scale and the whole scene scaled by `anatomy.scale` through the points. */
export function buildKneeShapes(a: KneeMriAnatomy): KneeShapes {
  const s = a.scale;
  const c = a.cartilageMm;
  const [rx, ry, rz] = a.condyle.map((r) => r * s);
  const notch = a.notchHalf * s;
  const halfWidth = notch + 2 * rx;
  const tibiaTop = -6 * s;
  const tibialCartilageTop = tibiaTop + c;
  const femurBottom = tibialCartilageTop + c + 0.4;
  const medialCondyle: Vec3 = [-(notch + rx), -6 * s, femurBottom + rz];
  const lateralCondyle: Vec3 = [notch + 0.95 * rx, -4 * s, femurBottom + 0.97 * rz];
  const condyles = union(
    ellipsoid(medialCondyle, [rx, ry, rz]),
    ellipsoid(lateralCondyle, [0.95 * rx, 0.95 * ry, 0.97 * rz]),
    ellipsoid([0, 14 * s, femurBottom + 24 * s], [halfWidth - 2, 12 * s, 16 * s]),
  );
  const metaphysis = ellipsoid([0, -2 * s, femurBottom + rz + 22 * s], [halfWidth + 2, 28 * s, 26 * s]);
  const femurShaft = band([0, 0, femurBottom + 40 * s], [0, 2 * s, 260], 15 * s, 14 * s, [1, 0, 0]);
  const femur = smoothUnion(smoothUnion(condyles, metaphysis, 8), femurShaft, 12);

  const plateau = roundedBox([0, -3 * s, tibiaTop - 22 * s], [halfWidth + 2, 27 * s, 22 * s], 9 * s);
  const spines = union(
    ellipsoid([-5 * s, -3 * s, tibiaTop + 1 * s], [3.5 * s, 7 * s, 5 * s]),
    ellipsoid([5 * s, -2 * s, tibiaTop + 1 * s], [3.5 * s, 7 * s, 4.5 * s]),
  );
  const tibiaShaft = band([0, -2 * s, tibiaTop - 30 * s], [0, 0, -260], 17 * s, 15 * s, [1, 0, 0]);
  const tuberosity = ellipsoid([0, 20 * s, tibiaTop - 32 * s], [11 * s, 9 * s, 13 * s]);
  const tibia = smoothUnion(smoothUnion(union(plateau, spines), tibiaShaft, 14), tuberosity, 6);
  const fibulaHead: Vec3 = [halfWidth + 3 * s, -20 * s, tibiaTop - 36 * s];
  const fibula = smoothUnion(ellipsoid(fibulaHead, [10 * s, 10 * s, 11 * s]), band(fibulaHead, [halfWidth + 6 * s, -22 * s, -260], 7 * s, 7 * s), 8);
  const patella: Vec3 = [0, 42 * s, femurBottom + (30 + a.patellaShift) * s];
  const patellaShape = ellipsoid(patella, [21 * s, 9.5 * s, 18 * s]);

  const femoralCartilage = intersect(subtract(offset(condyles, c), femur), halfSpace([0, 0, femurBottom + rz + 6 * s], [0, 0, 1]));
  const plateauDisc = (cx: number): Shape => ellipsoid([cx, -3 * s, tibiaTop], [rx + 1, 24 * s, c]);
  const tibialCartilage = subtract(intersect(union(plateauDisc(medialCondyle[0]), plateauDisc(lateralCondyle[0])), halfSpace([0, 0, tibiaTop], [0, 0, -1])), tibia);
  const patellarCartilage = intersect(subtract(offset(patellaShape, c), patellaShape), halfSpace([0, patella[1] - 2 * s, 0], [0, 1, 0]));

  const meniscusOuter: readonly [number, number] = [rx + 4 * s, 26 * s];
  const medialMeniscusCentre: Vec3 = [medialCondyle[0], -3 * s, tibialCartilageTop];
  const lateralMeniscusCentre: Vec3 = [lateralCondyle[0], -3 * s, tibialCartilageTop];
  const femurWithCartilage = offset(condyles, c);
  const meniscus = (centre: Vec3, inner: number): Shape =>
    subtract(wedgeRing({ centre, outer: meniscusOuter, innerFraction: inner, height: a.meniscusHeight * s }), femurWithCartilage);
  // The medial meniscus is C-shaped, open towards the notch; the lateral one is nearly a ring.
  const medialGap = roundedBox([medialMeniscusCentre[0] + meniscusOuter[0] * 0.8, -3 * s, tibialCartilageTop + 3], [6 * s, 8 * s, 6], 1);
  return {
    femur,
    femurCondyles: condyles,
    tibia,
    fibula,
    patella: patellaShape,
    femoralCartilage,
    tibialCartilage,
    patellarCartilage,
    medialMeniscus: subtract(meniscus(medialMeniscusCentre, 0.5), medialGap),
    lateralMeniscus: meniscus(lateralMeniscusCentre, 0.45),
    points: {
      tibiaTop, tibialCartilageTop, femurBottom, medialCondyle, lateralCondyle, halfWidth, patella, fibulaHead,
      medialMeniscus: medialMeniscusCentre, lateralMeniscus: lateralMeniscusCentre, meniscusOuter,
    },
  };
}
