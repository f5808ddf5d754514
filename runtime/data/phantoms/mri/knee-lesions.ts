// Knee lesions other than ligament tears (REFERENCE.md "Imaging signs"): a meniscal tear is a linear high
// signal reaching an articular surface (its mimic, mucoid degeneration, is globular and stays inside); a
// cartilage lesion is a focal fluid-filled defect or signal change; a bone contusion is an ill-defined
// high marrow signal (pivot-shift pattern: lateral femoral condyle and posterolateral tibial plateau).
import type { KneeShapes } from './knee-anatomy.ts';
import type { LesionDraw } from './lesion-draw.ts';
import type { Layer } from './scene.ts';
import { halfSpace, intersect, offset, sphere, subtract, type Shape, type Vec3 } from './shapes.ts';

const TEAR_LINE_MM = 2;

export function meniscusTearLayers(k: KneeShapes, lesion: LesionDraw, target: boolean): Layer[] {
  const p = k.points;
  // 70% medial (all posterior horn but a fifth), 30% lateral posterior horn: medial posterior tears dominate.
  const lateral = lesion.variant >= 0.7;
  const meniscus = lateral ? k.lateralMeniscus : k.medialMeniscus;
  const centre = lateral ? p.lateralMeniscus : p.medialMeniscus;
  const posterior = lateral || lesion.variant < 0.55;
  const horn: Vec3 = [centre[0], centre[1] + (posterior ? -0.78 : 0.78) * p.meniscusOuter[1], centre[2] + 2.5];
  const finding = target && !lesion.mimic;
  if (lesion.mimic) {
    const radii: Vec3 = [2.5, 3, 1.2];
    return [{ kind: 'blob', centre: horn, radii, amplitude: 0.25, mask: offset(meniscus, -1.2) }];
  }
  // Oblique tears, 25–65° from the tibial surface (the fractional part of a multiple decorrelates it from the site).
  const tilt = ((25 + 40 * ((lesion.variant * 7) % 1)) * Math.PI) / 180;
  const normal: Vec3 = [0, Math.sin(tilt), Math.cos(tilt)];
  const width = TEAR_LINE_MM * (lesion.partial ? 0.7 : 1);
  const slab = intersect(
    halfSpace([horn[0] + (normal[0] * width) / 2, horn[1] + (normal[1] * width) / 2, horn[2] + (normal[2] * width) / 2], normal),
    halfSpace([horn[0] - (normal[0] * width) / 2, horn[1] - (normal[1] * width) / 2, horn[2] - (normal[2] * width) / 2], [-normal[0], -normal[1], -normal[2]]),
  );
  const shape = intersect(sphere(horn, lesion.lesionMm / 2), slab, offset(meniscus, 0.5));
  return [{ kind: 'paint', shape, value: { from: 'fibrous', to: 'fluid', t: lesion.signalGain }, finding }];
}

/** Where on the articular surface a cartilage lesion sits, and the bone beneath it. */
function cartilageSite(k: KneeShapes, variant: number): { point: Vec3; cartilage: Shape; bone: Shape } {
  const p = k.points;
  if (variant < 0.45) return { point: [p.medialCondyle[0], p.medialCondyle[1] + 4, p.femurBottom], cartilage: k.femoralCartilage, bone: k.femur };
  if (variant < 0.6) return { point: [p.lateralCondyle[0], p.lateralCondyle[1] + 2, p.femurBottom], cartilage: k.femoralCartilage, bone: k.femur };
  if (variant < 0.85) return { point: [p.patella[0] + 6, p.patella[1] - 9, p.patella[2]], cartilage: k.patellarCartilage, bone: k.patella };
  return { point: [p.medialCondyle[0], p.medialCondyle[1] + 4, p.tibiaTop], cartilage: k.tibialCartilage, bone: k.tibia };
}

export function cartilageLesionLayers(k: KneeShapes, lesion: LesionDraw, target: boolean, cartilageMm: number): Layer[] {
  const site = cartilageSite(k, lesion.variant);
  const finding = target && !lesion.mimic;
  const defect = sphere(site.point, lesion.lesionMm / 2);
  if (lesion.mimic) return [{ kind: 'paint', shape: intersect(defect, site.cartilage), value: { from: 'cartilage', to: 'fluid', t: 0.15 } }];
  // Partial thickness: only the outer half of the cartilage changes; full thickness: fluid down to bone.
  const depth = lesion.partial ? subtract(site.cartilage, offset(site.bone, cartilageMm / 2)) : offset(site.cartilage, 0.3);
  const layers: Layer[] = [
    { kind: 'paint', shape: subtract(intersect(defect, depth), site.bone), value: { from: 'cartilage', to: 'fluid', t: lesion.signalGain }, finding },
  ];
  if (!lesion.partial) {
    const r = lesion.lesionMm / 3;
    layers.push({ kind: 'blob', centre: site.point, radii: [r, r, r], amplitude: lesion.oedema, mask: offset(site.bone, -1.5), finding });
  }
  return layers;
}

export function boneContusionLayers(k: KneeShapes, lesion: LesionDraw, target: boolean): Layer[] {
  const p = k.points;
  const femurMarrow = offset(k.femur, -1.5);
  const tibiaMarrow = offset(k.tibia, -1.5);
  const r = lesion.lesionMm / 2;
  const finding = target && !lesion.mimic;
  const lateralFemur: Vec3 = [p.lateralCondyle[0], p.lateralCondyle[1] + 12, p.femurBottom + 5];
  const posterolateralTibia: Vec3 = [p.lateralCondyle[0], p.lateralCondyle[1] - 14, p.tibiaTop - 6];
  const medialTibia: Vec3 = [p.medialCondyle[0], -8, p.tibiaTop - 6];
  const blob = (centre: Vec3, mask: Shape, amplitude: number): Layer =>
    ({ kind: 'blob', centre, radii: [r * 0.9, r * 1.2, r * 0.75], amplitude, mask, finding });
  if (lesion.mimic) return [blob(lesion.variant < 0.5 ? posterolateralTibia : lateralFemur, lesion.variant < 0.5 ? tibiaMarrow : femurMarrow, 0.1)];
  if (lesion.variant < 0.6) return [blob(lateralFemur, femurMarrow, lesion.oedema), blob(posterolateralTibia, tibiaMarrow, lesion.oedema * 0.9)];
  if (lesion.variant < 0.8) return [blob(lateralFemur, femurMarrow, lesion.oedema)];
  return [blob(medialTibia, tibiaMarrow, lesion.oedema)];
}
