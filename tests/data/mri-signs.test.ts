// Each MRI phantom's lesion sign is measured on clean renders (nominal contrast, neutral pose, no noise):
// the same anatomy with and without the finding, so only the sign differs.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { getTask } from '../../benchmarks/tasks/registry.ts';
import { buildKneeShapes, drawKneeMriAnatomy } from '../../runtime/data/phantoms/mri/knee-anatomy.ts';
import { buildKneeScene, kneeLigamentPaths } from '../../runtime/data/phantoms/mri/knee-scene.ts';
import { drawLesion, drawMimic, findingRanges, type LesionDraw } from '../../runtime/data/phantoms/mri/lesion-draw.ts';
import { mriJoint } from '../../runtime/data/phantoms/mri/mri-joints.ts';
import { MRI_PLANES, PD_FAT_SAT, type MriPlane, type MriScene } from '../../runtime/data/phantoms/mri/scene.ts';
import { lerp, offset, type Shape, type Vec3 } from '../../runtime/data/phantoms/mri/shapes.ts';
import { NEUTRAL_SCAN_POSE, renderSlice } from '../../runtime/data/phantoms/mri/slice-renderer.ts';

const MATRIX = 128;

function complete(finding: string, variant: number, seed = 2): LesionDraw {
  const lesion = drawLesion(finding, findingRanges(finding), new Rng(seed));
  return { ...lesion, partial: false, severity: 0.9, gapMm: Math.max(lesion.gapMm, 8), variant };
}

function kneeScene(seed: number, finding: string, lesion?: LesionDraw): { scene: MriScene; anatomy: ReturnType<typeof drawKneeMriAnatomy> } {
  const anatomy = drawKneeMriAnatomy(new Rng(seed));
  const lesions = new Map(lesion ? [[finding, lesion]] : []);
  return { scene: buildKneeScene(anatomy, { target: finding, lesions, effusion: 0.1 }), anatomy };
}

/** Clean slice and a map from scene points to its pixels (plane axes as the renderer draws them). */
function cleanSlice(scene: MriScene, plane: MriPlane, position: number): { pixels: Float32Array; at: (p: Vec3) => number; point: (i: number) => Vec3 } {
  const pixels = renderSlice(scene, NEUTRAL_SCAN_POSE, { plane, positionMm: position, matrix: MATRIX }, PD_FAT_SAT).pixels;
  const px = scene.fovMm / MATRIX;
  const half = (MATRIX - 1) / 2;
  const [cx, cy, cz] = scene.centre;
  const toPixel = (p: Vec3): [number, number] => {
    if (plane === 'sagittal') return [(cy - p[1]) / px + half, (cz - p[2]) / px + half];
    if (plane === 'coronal') return [(p[0] - cx) / px + half, (cz - p[2]) / px + half];
    return [(p[0] - cx) / px + half, (cy - p[1]) / px + half];
  };
  const point = (i: number): Vec3 => {
    const col = i % MATRIX;
    const row = Math.floor(i / MATRIX);
    const u = (col - half) * px;
    const v = (row - half) * px;
    if (plane === 'sagittal') return [position, cy - u, cz - v];
    if (plane === 'coronal') return [cx + u, position, cz - v];
    return [cx + u, cy - v, position];
  };
  const at = (p: Vec3): number => {
    const [c, r] = toPixel(p).map(Math.round);
    return pixels[r * MATRIX + c];
  };
  return { pixels, at, point };
}

function valuesInside(slice: ReturnType<typeof cleanSlice>, shape: Shape, depthMm: number): number[] {
  const values: number[] = [];
  for (let i = 0; i < slice.pixels.length; i++) {
    const [x, y, z] = slice.point(i);
    if (shape.sdf(x, y, z) < -depthMm) values.push(slice.pixels[i]);
  }
  return values;
}

describe('knee MRI signs', () => {
  it('ACL tear: the ligament is dark and continuous when intact, interrupted by bright signal when torn', () => {
    const intact = kneeScene(4, 'acl-tear');
    const torn = kneeScene(4, 'acl-tear', complete('acl-tear', 0.5));
    const acl = kneeLigamentPaths(intact.anatomy).acl.points;
    const x = (acl[0][0] + acl[1][0]) / 2;
    const along = (scene: MriScene): number[] => {
      const slice = cleanSlice(scene, 'sagittal', x);
      return Array.from({ length: 25 }, (_, k) => slice.at(lerp(acl[0], acl[1], 0.2 + (0.6 * k) / 24)));
    };
    const before = along(intact.scene);
    const after = along(torn.scene);
    expect(Math.max(...before)).toBeLessThan(0.15);
    expect(Math.max(...after)).toBeGreaterThan(0.3);
    expect(after.filter((v) => v > 0.25).length).toBeGreaterThanOrEqual(3);
  });

  it('meniscal tear: a bright line inside the dark wedge that reaches its surface; mucoid degeneration stays inside and fainter', () => {
    const torn = kneeScene(5, 'meniscus-tear', complete('meniscus-tear', 0.1));
    const intact = kneeScene(5, 'meniscus-tear');
    const mimic = kneeScene(5, 'meniscus-tear', { ...drawMimic('meniscus-tear', findingRanges('meniscus-tear'), new Rng(1)), variant: 0.1 });
    const shapes = buildKneeShapes(intact.anatomy);
    const x = shapes.points.medialMeniscus[0];
    const px = intact.scene.fovMm / MATRIX;
    // Pixels at least `depth` inside the wedge (half a pixel keeps partial-volume edges out).
    const inside = (scene: MriScene, depth = px / 2): number[] => valuesInside(cleanSlice(scene, 'sagittal', x), shapes.medialMeniscus, depth);
    expect(Math.max(...inside(intact.scene))).toBeLessThan(0.12);
    expect(Math.max(...inside(torn.scene))).toBeGreaterThan(0.35);
    // The tear's bright pixels include ones at the surface, not only deep inside the wedge.
    const bright = (values: number[]): number => values.filter((v) => v > 0.35).length;
    expect(bright(inside(torn.scene, 0))).toBeGreaterThan(bright(inside(torn.scene, 1.5 * px)));
    expect(Math.max(...inside(mimic.scene))).toBeLessThan(Math.max(...inside(torn.scene)));
  });

  it("meniscal tear with the task's signs: the wider line and truncated free edge brighten more of the wedge; co-findings keep the default line", () => {
    const taskRanges = findingRanges('meniscus-tear', getTask('meniscus-tear').phantom?.signs);
    const defaults = drawLesion('meniscus-tear', findingRanges('meniscus-tear'), new Rng(2));
    // Other tasks draw a co-finding meniscal tear with the defaults: a 2 mm line and no truncation, as before these signs existed.
    expect([defaults.tearLineMm, defaults.truncation]).toEqual([2, 0]);
    const wide = { ...drawLesion('meniscus-tear', taskRanges, new Rng(2)), partial: false, severity: 0.9, variant: 0.1 };
    expect(wide.truncation).toBeGreaterThan(0);
    const intact = kneeScene(5, 'meniscus-tear');
    const shapes = buildKneeShapes(intact.anatomy);
    const x = shapes.points.medialMeniscus[0];
    const bright = (lesion: LesionDraw): number =>
      valuesInside(cleanSlice(kneeScene(5, 'meniscus-tear', lesion).scene, 'sagittal', x), shapes.medialMeniscus, 0).filter((v) => v > 0.35).length;
    expect(bright(wide)).toBeGreaterThan(1.5 * bright({ ...defaults, partial: false, severity: 0.9, variant: 0.1 }));
  });

  it('cartilage lesion: fluid-bright defect within the articular cartilage', () => {
    const lesion = kneeScene(6, 'cartilage-lesion', complete('cartilage-lesion', 0.2));
    const intact = kneeScene(6, 'cartilage-lesion');
    const shapes = buildKneeShapes(intact.anatomy);
    const x = shapes.points.medialCondyle[0];
    const bright = (scene: MriScene): number => valuesInside(cleanSlice(scene, 'sagittal', x), shapes.femoralCartilage, 0.2).filter((v) => v > 0.7).length;
    expect(bright(intact.scene)).toBe(0);
    expect(bright(lesion.scene)).toBeGreaterThan(3);
    // Subchondral oedema under the defect: the marrow just beneath it brightens.
    const marrow = offset(shapes.femur, -3);
    const mean = (v: number[]): number => v.reduce((t, u) => t + u, 0) / v.length;
    const under = (scene: MriScene): number => mean(valuesInside(cleanSlice(scene, 'sagittal', x), marrow, 0));
    expect(under(lesion.scene)).toBeGreaterThan(under(intact.scene) + 0.005);
  });

  it('bone contusion: ill-defined high marrow signal in the lateral femoral condyle', () => {
    const contused = kneeScene(7, 'bone-contusion', complete('bone-contusion', 0.3));
    const intact = kneeScene(7, 'bone-contusion');
    const shapes = buildKneeShapes(intact.anatomy);
    const x = shapes.points.lateralCondyle[0];
    const marrow = offset(shapes.femur, -3);
    const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
    const before = valuesInside(cleanSlice(intact.scene, 'sagittal', x), marrow, 0);
    const after = valuesInside(cleanSlice(contused.scene, 'sagittal', x), marrow, 0);
    expect(Math.max(...before)).toBeLessThan(0.2);
    expect(Math.max(...after)).toBeGreaterThan(0.35);
    expect(mean(after)).toBeGreaterThan(mean(before) + 0.01);
  });
});

/** For every MRI task: at the main plane through the focus, the lesion brightens a patch near the focus. */
describe.each(['acl-tear', 'pcl-tear', 'mcl-tear', 'hip-labrum-tear', 'shoulder-cuff-tear', 'ankle-atfl-tear', 'ankle-cfl-tear'])('%s sign', (taskId) => {
  it('is a bright patch near the finding, fainter (or absent) for the look-alike', () => {
    const phantom = getTask(taskId).phantom;
    if (phantom?.planes === undefined) throw new Error('MRI task expected');
    const finding = String(phantom.signs.finding);
    const joint = mriJoint(phantom.generator);
    const scene = (lesion?: LesionDraw): MriScene =>
      joint.scene(new Rng(8), { target: finding, lesions: new Map(lesion ? [[finding, lesion]] : []), effusion: 0.1 });
    const intact = scene();
    const plane = MRI_PLANES.reduce((best, p) => ((phantom.planes?.[p] ?? 0) > (phantom.planes?.[best] ?? 0) ? p : best));
    const axis = MRI_PLANES.indexOf(plane);
    const position = intact.focus[axis];
    const base = cleanSlice(intact, plane, position);
    const delta = (lesion: LesionDraw): { max: number; near: number } => {
      const slice = cleanSlice(scene(lesion), plane, position);
      let max = 0;
      let near = 0;
      for (let i = 0; i < slice.pixels.length; i++) {
        const d = slice.pixels[i] - base.pixels[i];
        max = Math.max(max, d);
        const p = slice.point(i);
        if (d > 0.15 && Math.hypot(p[0] - intact.focus[0], p[1] - intact.focus[1], p[2] - intact.focus[2]) < 30) near++;
      }
      return { max, near };
    };
    const torn = delta(complete(finding, 0.5));
    expect(torn.max).toBeGreaterThan(0.3);
    expect(torn.near).toBeGreaterThanOrEqual(3);
    const lookAlike = delta({ ...drawMimic(finding, findingRanges(finding), new Rng(3)), variant: 0.5 });
    expect(lookAlike.max).toBeLessThan(torn.max);
  });
});
