// 3-D signed-distance shapes (negative inside, millimetres) with axis-aligned bounds, after Inigo Quilez's
// distance-function catalogue. Distances are exact or first-order near the surface, which is all the
// anti-aliased slice renderer needs; far from it they only have to keep the right sign.

export type Vec3 = readonly [number, number, number];

export interface Bounds {
  min: Vec3;
  max: Vec3;
}

export interface Shape {
  sdf(x: number, y: number, z: number): number;
  bounds: Bounds;
}

export const add = (a: Vec3, b: Vec3): Vec3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
export const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const scale = (a: Vec3, s: number): Vec3 => [a[0] * s, a[1] * s, a[2] * s];
export const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
export const norm = (a: Vec3): number => Math.sqrt(dot(a, a));
export const unit = (a: Vec3): Vec3 => scale(a, 1 / norm(a));
export const lerp = (a: Vec3, b: Vec3, t: number): Vec3 => add(a, scale(sub(b, a), t));

function box(centre: Vec3, half: Vec3): Bounds {
  return { min: sub(centre, half), max: add(centre, half) };
}

/** Axis-aligned ellipsoid (Quilez's gradient-corrected estimate, exact on the surface). */
export function ellipsoid(c: Vec3, r: Vec3): Shape {
  const [cx, cy, cz] = c;
  const [rx, ry, rz] = r;
  const rMin = Math.min(rx, ry, rz);
  return {
    bounds: box(c, r),
    sdf(x, y, z) {
      const px = (x - cx) / rx;
      const py = (y - cy) / ry;
      const pz = (z - cz) / rz;
      const k0 = Math.sqrt(px * px + py * py + pz * pz);
      const k1 = Math.sqrt((px * px) / (rx * rx) + (py * py) / (ry * ry) + (pz * pz) / (rz * rz));
      if (k1 === 0) return -rMin;
      const estimate = (k0 * (k0 - 1)) / k1;
      return k0 < 1 ? Math.min(estimate, (k0 - 1) * rMin) : estimate;
    },
  };
}

export function sphere(c: Vec3, r: number): Shape {
  return ellipsoid(c, [r, r, r]);
}

/**
 * A segment a → b with an elliptic cross-section: radius r1 along `across` (made perpendicular to the
 * axis) and r2 along the third direction, closed by ellipsoidal caps; radii scale linearly from `taper[0]`
 * at a to `taper[1]` at b.
 * Ligaments, tendons and bone shafts are bands.
 */
export function band(a: Vec3, b: Vec3, r1: number, r2: number, across: Vec3 = [0, 0, 1], taper: readonly [number, number] = [1, 1]): Shape {
  const axis = sub(b, a);
  const length = norm(axis);
  const t = scale(axis, 1 / length);
  let n1 = sub(across, scale(t, dot(across, t)));
  if (norm(n1) < 1e-6) n1 = Math.abs(t[0]) < 0.9 ? cross(t, [1, 0, 0]) : cross(t, [0, 1, 0]);
  n1 = unit(n1);
  const n2 = cross(t, n1);
  const reach = Math.max(r1, r2) * Math.max(taper[0], taper[1]);
  const [ax, ay, az] = a;
  return {
    bounds: {
      min: [Math.min(a[0], b[0]) - reach, Math.min(a[1], b[1]) - reach, Math.min(a[2], b[2]) - reach],
      max: [Math.max(a[0], b[0]) + reach, Math.max(a[1], b[1]) + reach, Math.max(a[2], b[2]) + reach],
    },
    sdf(x, y, z) {
      const px = x - ax;
      const py = y - ay;
      const pz = z - az;
      const along = Math.min(Math.max(px * t[0] + py * t[1] + pz * t[2], 0), length);
      const qx = px - t[0] * along;
      const qy = py - t[1] * along;
      const qz = pz - t[2] * along;
      const s = taper[0] + ((taper[1] - taper[0]) * along) / length;
      const rMin = Math.min(r1, r2) * s;
      const e1 = (qx * n1[0] + qy * n1[1] + qz * n1[2]) / (r1 * s);
      const e2 = (qx * n2[0] + qy * n2[1] + qz * n2[2]) / (r2 * s);
      // Beyond an end the residual has an axial part: ellipsoidal caps of radius rMin along the axis.
      const e3 = (qx * t[0] + qy * t[1] + qz * t[2]) / rMin;
      return (Math.sqrt(e1 * e1 + e2 * e2 + e3 * e3) - 1) * rMin;
    },
  };
}

/** A chain of bands through `points` (curved ligaments and tendons). */
export function polyBand(points: readonly Vec3[], r1: number, r2: number, across: Vec3 = [0, 0, 1]): Shape {
  return union(...points.slice(1).map((p, k) => band(points[k], p, r1, r2, across)));
}

/** Axis-aligned box with rounded edges (radius r). */
export function roundedBox(c: Vec3, half: Vec3, r: number): Shape {
  const [cx, cy, cz] = c;
  const [hx, hy, hz] = half;
  return {
    bounds: box(c, half),
    sdf(x, y, z) {
      const qx = Math.abs(x - cx) - hx + r;
      const qy = Math.abs(y - cy) - hy + r;
      const qz = Math.abs(z - cz) - hz + r;
      const ox = Math.max(qx, 0);
      const oy = Math.max(qy, 0);
      const oz = Math.max(qz, 0);
      return Math.sqrt(ox * ox + oy * oy + oz * oz) + Math.min(Math.max(qx, qy, qz), 0) - r;
    },
  };
}

/** The half-space dot(p − point, normal) ≤ 0, with unbounded extent (intersect it with a bounded shape). */
export function halfSpace(point: Vec3, normal: Vec3): Shape {
  const n = unit(normal);
  const offset = dot(point, n);
  const far = 1e6;
  return { bounds: { min: [-far, -far, -far], max: [far, far, far] }, sdf: (x, y, z) => x * n[0] + y * n[1] + z * n[2] - offset };
}

export function union(...shapes: Shape[]): Shape {
  return {
    bounds: {
      min: [0, 1, 2].map((k) => Math.min(...shapes.map((s) => s.bounds.min[k]))) as unknown as Vec3,
      max: [0, 1, 2].map((k) => Math.max(...shapes.map((s) => s.bounds.max[k]))) as unknown as Vec3,
    },
    sdf(x, y, z) {
      let d = Infinity;
      for (const s of shapes) d = Math.min(d, s.sdf(x, y, z));
      return d;
    },
  };
}

/** Polynomial smooth union over width k (rounded seams between bone parts). */
export function smoothUnion(a: Shape, b: Shape, k: number): Shape {
  const hull = union(a, b);
  return {
    bounds: hull.bounds,
    sdf(x, y, z) {
      const da = a.sdf(x, y, z);
      const db = b.sdf(x, y, z);
      const h = Math.max(k - Math.abs(da - db), 0) / k;
      return Math.min(da, db) - (h * h * k) / 4;
    },
  };
}

export function intersect(...shapes: Shape[]): Shape {
  return {
    bounds: {
      min: [0, 1, 2].map((k) => Math.max(...shapes.map((s) => s.bounds.min[k]))) as unknown as Vec3,
      max: [0, 1, 2].map((k) => Math.min(...shapes.map((s) => s.bounds.max[k]))) as unknown as Vec3,
    },
    sdf(x, y, z) {
      let d = -Infinity;
      for (const s of shapes) d = Math.max(d, s.sdf(x, y, z));
      return d;
    },
  };
}

export function subtract(a: Shape, ...cut: Shape[]): Shape {
  return {
    bounds: a.bounds,
    sdf(x, y, z) {
      let d = a.sdf(x, y, z);
      for (const s of cut) d = Math.max(d, -s.sdf(x, y, z));
      return d;
    },
  };
}

/** Grows (positive) or erodes (negative) a shape by `amount` mm. */
export function offset(s: Shape, amount: number): Shape {
  const g = Math.max(amount, 0);
  return {
    bounds: { min: sub(s.bounds.min, [g, g, g]), max: add(s.bounds.max, [g, g, g]) },
    sdf: (x, y, z) => s.sdf(x, y, z) - amount,
  };
}

/** The layer between a shape's surface and `thickness` outside it (cartilage on bone, fluid films). */
export function shellOutside(s: Shape, thickness: number): Shape {
  return subtract(offset(s, thickness), s);
}
