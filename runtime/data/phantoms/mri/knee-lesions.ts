// Knee lesions other than ligament tears (the usual radiological signs): a meniscal tear is a linear high
// signal reaching an articular surface (its mimic, mucoid degeneration, is globular and stays inside); a
// cartilage lesion is a focal fluid-filled defect or signal change; a bone contusion is an ill-defined
// high marrow signal (pivot-shift pattern: lateral femoral condyle and posterolateral tibial plateau).
import type { KneeShapes } from './knee-anatomy.ts';
import type { LesionDraw } from './lesion-draw.ts';
import type { Layer, LayerValue } from './scene.ts';
import { add, ellipsoid, halfSpace, intersect, offset, scale, sphere, subtract, type Shape, type Vec3 } from './shapes.ts';

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
  const width = lesion.tearLineMm * (lesion.partial ? 0.7 : 1);
  const slab = intersect(
    halfSpace([horn[0] + (normal[0] * width) / 2, horn[1] + (normal[1] * width) / 2, horn[2] + (normal[2] * width) / 2], normal),
    halfSpace([horn[0] - (normal[0] * width) / 2, horn[1] - (normal[1] * width) / 2, horn[2] - (normal[2] * width) / 2], [-normal[0], -normal[1], -normal[2]]),
  );
  const extent = sphere(horn, lesion.lesionMm / 2);
  const value: LayerValue = { from: 'fibrous', to: 'fluid', t: lesion.signalGain };
  const layers: Layer[] = [{ kind: 'paint', shape: intersect(extent, slab, offset(meniscus, 0.5)), value, finding }];
  if (lesion.truncation > 0) {
    // Blunted free edge: fluid where the inner part of the wedge was (the ring's hole is the innermost 45-50 %;
    // the ellipsoid is tall enough to cut the whole wedge height).
    const keep = 0.5 + 0.5 * (1 - lesion.truncation);
    const inner = ellipsoid(centre, [keep * p.meniscusOuter[0], keep * p.meniscusOuter[1], 40]);
    layers.push({ kind: 'paint', shape: intersect(extent, inner, offset(meniscus, 0.5)), value, finding });
  }
  return layers;
}

/** Where on the articular surface a cartilage lesion sits, the bone beneath it and the direction into that bone. */
function cartilageSite(k: KneeShapes, variant: number): { point: Vec3; cartilage: Shape; bone: Shape; inward: Vec3 } {
  const p = k.points;
  if (variant < 0.45) return { point: [p.medialCondyle[0], p.medialCondyle[1] + 4, p.femurBottom], cartilage: k.femoralCartilage, bone: k.femur, inward: [0, 0, 1] };
  if (variant < 0.6) return { point: [p.lateralCondyle[0], p.lateralCondyle[1] + 2, p.femurBottom], cartilage: k.femoralCartilage, bone: k.femur, inward: [0, 0, 1] };
  if (variant < 0.85) return { point: [p.patella[0] + 6, p.patella[1] - 9, p.patella[2]], cartilage: k.patellarCartilage, bone: k.patella, inward: [0, 1, 0] };
  return { point: [p.medialCondyle[0], p.medialCondyle[1] + 4, p.tibiaTop], cartilage: k.tibialCartilage, bone: k.tibia, inward: [0, 0, -1] };
}

export function cartilageLesionLayers(k: KneeShapes, lesion: LesionDraw, target: boolean, cartilageMm: number): Layer[] {
  const site = cartilageSite(k, lesion.variant);
  const finding = target && !lesion.mimic;
  const defect = sphere(site.point, lesion.lesionMm / 2);
  if (lesion.mimic) return [{ kind: 'paint', shape: intersect(defect, site.cartilage), value: { from: 'cartilage', to: 'fluid', t: 0.15 } }];
  // Partial thickness: the outer two thirds of the cartilage change; full thickness: fluid down to bone.
  const depth = lesion.partial ? subtract(site.cartilage, offset(site.bone, cartilageMm / 3)) : offset(site.cartilage, 0.3);
  const layers: Layer[] = [
    { kind: 'paint', shape: subtract(intersect(defect, depth), site.bone), value: { from: 'cartilage', to: 'fluid', t: lesion.signalGain }, finding },
  ];
  // Subchondral marrow oedema beneath the defect, about as wide as the defect and centred a little under the bone
  // surface (at 64 px the 2-3 mm cartilage is one pixel; the oedema is what shows in more than one slice);
  // fainter under a partial-thickness lesion.
  const r = lesion.lesionMm / 2;
  const centre = add(site.point, scale(site.inward, 0.5 * r));
  const flatten = (axis: number): number => r * (1 - 0.3 * Math.abs(site.inward[axis]));
  const radii: Vec3 = [flatten(0), flatten(1), flatten(2)];
  const amplitude = lesion.oedema * (lesion.partial ? 0.85 : 1);
  layers.push({ kind: 'blob', centre, radii, amplitude, mask: offset(site.bone, -1.5), finding });
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
