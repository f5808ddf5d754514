import { describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { drawKneeMriAnatomy } from '../../runtime/data/phantoms/mri/knee-anatomy.ts';
import { buildKneeScene } from '../../runtime/data/phantoms/mri/knee-scene.ts';
import { drawLesion, findingRanges } from '../../runtime/data/phantoms/mri/lesion-draw.ts';
import { layerSignal, PD_FAT_SAT, type Layer } from '../../runtime/data/phantoms/mri/scene.ts';
import { band, ellipsoid, roundedBox, subtract, type Shape } from '../../runtime/data/phantoms/mri/shapes.ts';
import { ellipticTorus, wedgeRing } from '../../runtime/data/phantoms/mri/special-shapes.ts';
import { NEUTRAL_SCAN_POSE, renderSlice } from '../../runtime/data/phantoms/mri/slice-renderer.ts';
import { slicesPerPlane } from '../../runtime/data/phantoms/mri/exam.ts';

/** Shapes against closed-form inside tests at random points; bounds must contain every inside point. */
describe('3-D shapes', () => {
  const cases: Array<[string, Shape, (x: number, y: number, z: number) => boolean]> = [
    ['ellipsoid', ellipsoid([1, -2, 3], [5, 8, 3]), (x, y, z) => ((x - 1) / 5) ** 2 + ((y + 2) / 8) ** 2 + ((z - 3) / 3) ** 2 < 1],
    ['rounded box', roundedBox([0, 0, 0], [4, 6, 2], 0), (x, y, z) => Math.abs(x) < 4 && Math.abs(y) < 6 && Math.abs(z) < 2],
    // A round band from (0,0,0) to (0,0,10) of radius 2 is a capsule: a cylinder with hemispherical caps.
    ['band', band([0, 0, 0], [0, 0, 10], 2, 2), (x, y, z) => x * x + y * y + Math.max(-z, 0, z - 10) ** 2 < 4],
    ['torus', ellipticTorus([0, 0, 0], [0, 0, 1], 6, 1.5, 1.5), (x, y, z) => (Math.hypot(x, y) - 6) ** 2 + z * z < 2.25],
    ['wedge ring', wedgeRing({ centre: [0, 0, 0], outer: [10, 10], innerFraction: 0.5, height: 4 }), (x, y, z) => {
      const r = Math.hypot(x, y) / 10;
      return r < 1 && z > 0 && z < 4 * (r - 0.5) / 0.5;
    }],
    ['subtract', subtract(ellipsoid([0, 0, 0], [6, 6, 6]), ellipsoid([0, 0, 0], [3, 3, 3])), (x, y, z) => {
      const r = Math.hypot(x, y, z);
      return r < 6 && r > 3;
    }],
  ];
  it.each(cases)('%s: the sign of the distance matches the shape, and bounds enclose it', (_, shape, inside) => {
    const rng = new Rng(1);
    let checked = 0;
    for (let k = 0; k < 4000; k++) {
      const [x, y, z] = [rng.uniform(-14, 14), rng.uniform(-14, 14), rng.uniform(-6, 14)];
      const d = shape.sdf(x, y, z);
      if (Math.abs(d) < 1e-6) continue;
      expect(d < 0, `${x},${y},${z}`).toBe(inside(x, y, z));
      if (d < 0) {
        checked++;
        expect(x >= shape.bounds.min[0] && x <= shape.bounds.max[0] && y >= shape.bounds.min[1] && y <= shape.bounds.max[1]).toBe(true);
        expect(z >= shape.bounds.min[2] && z <= shape.bounds.max[2]).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

/** Every layer evaluated at every pixel, no bounding rectangles or block skipping: the reference. */
function naiveSlice(layers: readonly Layer[], origin: number[], column: number[], row: number[], matrix: number, pixelMm: number): Float32Array {
  const image = new Float32Array(matrix * matrix);
  const cover = (d: number): number => Math.min(Math.max(0.5 - d / pixelMm, 0), 1);
  for (let y = 0; y < matrix; y++) {
    for (let x = 0; x < matrix; x++) {
      const p = [0, 1, 2].map((k) => origin[k] + column[k] * x + row[k] * y);
      const i = y * matrix + x;
      for (const layer of layers) {
        if (layer.kind === 'paint') {
          image[i] += cover(layer.shape.sdf(p[0], p[1], p[2])) * (layerSignal(layer.value, PD_FAT_SAT) - image[i]);
        } else {
          const q2 = [0, 1, 2].reduce((sum, k) => sum + ((p[k] - layer.centre[k]) / layer.radii[k]) ** 2, 0);
          if (q2 > 9) continue;
          const mask = layer.mask ? cover(layer.mask.sdf(p[0], p[1], p[2])) : 1;
          image[i] += layer.amplitude * Math.exp(-0.5 * q2) * mask;
        }
      }
    }
  }
  return image;
}

describe('slice renderer', () => {
  it('matches a naive every-layer-every-pixel render (bounding boxes and block skipping lose nothing)', () => {
    const rng = new Rng(9);
    const lesions = new Map([
      ['acl-tear', drawLesion('acl-tear', findingRanges('acl-tear'), rng.fork('a'))],
      ['bone-contusion', drawLesion('bone-contusion', findingRanges('bone-contusion'), rng.fork('b'))],
      ['meniscus-tear', drawLesion('meniscus-tear', findingRanges('meniscus-tear'), rng.fork('c'))],
    ]);
    const scene = buildKneeScene(drawKneeMriAnatomy(rng.fork('anatomy')), { target: 'acl-tear', lesions, effusion: 0.5 });
    const matrix = 48;
    const px = scene.fovMm / matrix;
    const half = (matrix - 1) / 2;
    const cases = [
      { plane: 'sagittal' as const, position: 4, origin: [4, scene.centre[1] + half * px, scene.centre[2] + half * px], column: [0, -px, 0], row: [0, 0, -px] },
      { plane: 'coronal' as const, position: -6, origin: [scene.centre[0] - half * px, -6, scene.centre[2] + half * px], column: [px, 0, 0], row: [0, 0, -px] },
      { plane: 'axial' as const, position: -3, origin: [scene.centre[0] - half * px, scene.centre[1] + half * px, -3], column: [px, 0, 0], row: [0, -px, 0] },
    ];
    for (const c of cases) {
      const fast = renderSlice(scene, NEUTRAL_SCAN_POSE, { plane: c.plane, positionMm: c.position, matrix }, PD_FAT_SAT).pixels;
      const reference = naiveSlice(scene.layers, c.origin, c.column, c.row, matrix, px);
      let worst = 0;
      for (let i = 0; i < fast.length; i++) worst = Math.max(worst, Math.abs(fast[i] - reference[i]));
      expect(worst, c.plane).toBeLessThan(1e-5);
    }
  });
});

describe('slicesPerPlane', () => {
  it('splits an exam by the planes’ shares (largest remainder), every listed plane at least once', () => {
    expect(slicesPerPlane({ sagittal: 0.5, coronal: 0.3, axial: 0.2 }, 12)).toEqual([['sagittal', 6], ['coronal', 4], ['axial', 2]]);
    expect(slicesPerPlane({ coronal: 0.6, sagittal: 0.4 }, 10)).toEqual([['sagittal', 4], ['coronal', 6]]);
    expect(slicesPerPlane({ sagittal: 0.5, coronal: 0.3, axial: 0.2 }, 3)).toEqual([['sagittal', 1], ['coronal', 1], ['axial', 1]]);
    expect(slicesPerPlane({ sagittal: 0.9, axial: 0.1 }, 2)).toEqual([['sagittal', 1], ['axial', 1]]);
  });
});
