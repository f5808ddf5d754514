// The affine map from pixel indices to canonical knee coordinates implied by a pose (inverse of rotate,
// scale, shift and mirror), so renderers can step through the grid without recomputing trigonometry.
import type { KneePose } from './knee-params.ts';

/** u = u0 + ux·x + uy·y and v = v0 + vx·x + vy·y at the centre of pixel (x, y); `pixel` is its size in u, v. */
export interface PixelFrame {
  u0: number; ux: number; uy: number;
  v0: number; vx: number; vy: number;
  pixel: number;
}

export function pixelFrame(pose: KneePose, size: number): PixelFrame {
  const theta = (pose.rotationDeg * Math.PI) / 180;
  const cos = Math.cos(theta) / pose.scale;
  const sin = Math.sin(theta) / pose.scale;
  const mirror = pose.mirrored ? -1 : 1;
  const step = 2 / size;
  // Frame coordinate of pixel 0's centre, after removing the shift.
  const fx0 = step / 2 - 1 - pose.shiftX;
  const fy0 = step / 2 - 1 - pose.shiftY;
  return {
    u0: mirror * (cos * fx0 + sin * fy0),
    ux: mirror * cos * step,
    uy: mirror * sin * step,
    v0: -sin * fx0 + cos * fy0,
    vx: -sin * step,
    vy: cos * step,
    pixel: step / pose.scale,
  };
}
