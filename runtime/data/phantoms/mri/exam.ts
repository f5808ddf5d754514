// An MRI exam of a scene: slices spread evenly over each plane's range (the stack shifted at random by up to
// half a spacing, as patient positioning does), a slightly rotated pose, and the site's acquisition.
import type { Rng } from '../../../../benchmarks/rng.ts';
import { acquireSlice } from './mri-acquisition.ts';
import type { MriExamAcquisition } from './mri-site.ts';
import { MRI_PLANES, type MriPlane, type MriScene } from './scene.ts';
import { renderSlice, type ScanPose } from './slice-renderer.ts';
import type { Vec3 } from './shapes.ts';

export interface PlannedSlice {
  plane: MriPlane;
  /** Index within its plane's stack. */
  index: number;
  positionMm: number;
}

export interface ExamSlice extends PlannedSlice {
  pixels: Float32Array;
  findingPixels: number;
}

/** Slices per plane by largest remainder, at least one for every plane with a share when count allows. */
export function slicesPerPlane(planes: Readonly<Record<string, number>>, count: number): Array<[MriPlane, number]> {
  const used = MRI_PLANES.filter((p) => (planes[p] ?? 0) > 0);
  const exact = used.map((p) => (planes[p] ?? 0) * count);
  const counts = exact.map(Math.floor);
  const order = exact.map((e, k) => [e - Math.floor(e), k] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  let left = count - counts.reduce((a, b) => a + b, 0);
  for (const [, k] of order) if (left-- > 0) counts[k]++;
  // An empty plane borrows a slice from the fullest one, so every requested plane is seen.
  for (let k = 0; k < counts.length; k++) {
    const fullest = counts.indexOf(Math.max(...counts));
    if (counts[k] === 0 && counts[fullest] > 1) [counts[k], counts[fullest]] = [1, counts[fullest] - 1];
  }
  return used.map((p, k) => [p, counts[k]]);
}

export function planSlices(scene: MriScene, planes: Readonly<Record<string, number>>, count: number, rng: Rng): PlannedSlice[] {
  const slices: PlannedSlice[] = [];
  for (const [plane, n] of slicesPerPlane(planes, count)) {
    const [lo, hi] = scene.extent[plane];
    const spacing = (hi - lo) / n;
    const shift = rng.uniform(-0.5, 0.5) * spacing;
    for (let index = 0; index < n; index++) slices.push({ plane, index, positionMm: lo + (index + 0.5) * spacing + shift });
  }
  return slices;
}

function rotation(yaw: number, pitch: number, roll: number): [Vec3, Vec3, Vec3] {
  const [cy, sy, cp, sp, cr, sr] = [Math.cos(yaw), Math.sin(yaw), Math.cos(pitch), Math.sin(pitch), Math.cos(roll), Math.sin(roll)];
  // Rz(yaw) · Rx(pitch) · Ry(roll)
  return [
    [cy * cr - sy * sp * sr, -sy * cp, cy * sr + sy * sp * cr],
    [sy * cr + cy * sp * sr, cy * cp, sy * sr - cy * sp * cr],
    [-cp * sr, sp, cp * cr],
  ];
}

/** Joint rotation of a few degrees about each axis, a few millimetres of shift, left or right side. */
export function drawScanPose(rng: Rng): ScanPose {
  const degrees = (limit: number): number => (rng.uniform(-limit, limit) * Math.PI) / 180;
  return {
    rotation: rotation(degrees(7), degrees(6), degrees(4)),
    shift: [rng.uniform(-4, 4), rng.uniform(-4, 4), rng.uniform(-4, 4)],
    mirrored: rng.bernoulli(0.5),
  };
}

export function renderExam(
  scene: MriScene, pose: ScanPose, slices: readonly PlannedSlice[], acq: MriExamAcquisition, imageSize: number, rng: Rng,
): ExamSlice[] {
  const matrix = Math.max(16, Math.round(imageSize * acq.site.resolution));
  const signal = acq.signal;
  return slices.map((slice, k) => {
    const ideal = renderSlice(scene, pose, { plane: slice.plane, positionMm: slice.positionMm, matrix }, signal);
    const pixels = acquireSlice(ideal.pixels, matrix, imageSize, acq, rng.fork(`slice:${k}`));
    return { ...slice, pixels, findingPixels: ideal.findingPixels };
  });
}
