// Shapes particular to joints: the meniscal wedge (a ring with a triangular profile on the tibial plateau)
// and the torus with an elliptic section (acetabular labrum, glenoid labrum).
import { cross, unit, type Shape, type Vec3 } from './shapes.ts';

export interface WedgeRing {
  /** Centre of the ring on the articular surface. */
  centre: Vec3;
  /** Outer semi-axes in x and y. */
  outer: readonly [number, number];
  /** Inner free edge as a fraction of the outer radius. */
  innerFraction: number;
  /** Height at the outer rim (the wedge thins to nothing at the free edge). */
  height: number;
}

/** A meniscus: inside the outer ellipse, above the surface, below the slope rising from the free edge. */
export function wedgeRing(w: WedgeRing): Shape {
  const [cx, cy, z0] = w.centre;
  const [ax, ay] = w.outer;
  const rim = Math.min(ax, ay);
  const slope = w.height / ((1 - w.innerFraction) * rim);
  const slopeNorm = Math.sqrt(1 + slope * slope);
  return {
    bounds: { min: [cx - ax, cy - ay, z0], max: [cx + ax, cy + ay, z0 + w.height] },
    sdf(x, y, z) {
      const u = (x - cx) / ax;
      const v = (y - cy) / ay;
      const rho = Math.sqrt(u * u + v * v);
      const outside = (rho - 1) * rim;
      const below = z0 - z;
      const above = (z - z0 - slope * (rho - w.innerFraction) * rim) / slopeNorm;
      return Math.max(outside, below, above);
    },
  };
}

/**
 * A torus around `axis` through `centre`, its tube an ellipse with semi-axis `alongAxis` parallel to the axis
 * and `radial` in the ring's plane.
 */
export function ellipticTorus(centre: Vec3, axis: Vec3, majorRadius: number, alongAxis: number, radial: number): Shape {
  const n = unit(axis);
  const e1 = unit(Math.abs(n[0]) < 0.9 ? cross(n, [1, 0, 0]) : cross(n, [0, 1, 0]));
  const e2 = cross(n, e1);
  const extent = (k: number): number => Math.sqrt(majorRadius ** 2 * (e1[k] ** 2 + e2[k] ** 2)) + Math.max(alongAxis, radial);
  return {
    bounds: {
      min: [centre[0] - extent(0), centre[1] - extent(1), centre[2] - extent(2)],
      max: [centre[0] + extent(0), centre[1] + extent(1), centre[2] + extent(2)],
    },
    sdf(x, y, z) {
      const px = x - centre[0];
      const py = y - centre[1];
      const pz = z - centre[2];
      const h = px * n[0] + py * n[1] + pz * n[2];
      const ix = px - n[0] * h;
      const iy = py - n[1] * h;
      const iz = pz - n[2] * h;
      const r = Math.sqrt(ix * ix + iy * iy + iz * iz) - majorRadius;
      const k = Math.sqrt((h / alongAxis) ** 2 + (r / radial) ** 2);
      return (k - 1) * Math.min(alongAxis, radial);
    },
  };
}
