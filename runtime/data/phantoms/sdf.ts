// 2-D signed-distance primitives (negative inside) and their anti-aliased coverage, after Inigo Quilez's
// distance-function catalogue; edges are drawn as a linear ramp one pixel wide, so nothing aliases.

/** Fraction of a pixel of width `pixel` covered by the shape whose signed distance is `d`. */
export function coverage(d: number, pixel: number): number {
  const t = 0.5 - d / pixel;
  return t <= 0 ? 0 : t >= 1 ? 1 : t;
}

/** Coverage of the shell between the surface and `thickness` inside it (e.g. a cortex). */
export function shellCoverage(d: number, thickness: number, pixel: number): number {
  return coverage(d, pixel) - coverage(d + thickness, pixel);
}

/** Euclidean length; Math.hypot is several times slower in V8 and overflow cannot occur at these scales. */
function len(x: number, y: number): number {
  return Math.sqrt(x * x + y * y);
}

export function circleSdf(u: number, v: number, cu: number, cv: number, r: number): number {
  return len(u - cu, v - cv) - r;
}

/** Approximate ellipse distance (Quilez's first-order correction); exact zero set, accurate near the boundary. */
export function ellipseSdf(u: number, v: number, cu: number, cv: number, ru: number, rv: number): number {
  const pu = (u - cu) / ru;
  const pv = (v - cv) / rv;
  const k0 = len(pu, pv);
  const k1 = len(pu / ru, pv / rv);
  const rMin = Math.min(ru, rv);
  if (k1 === 0) return -rMin;
  const estimate = (k0 * (k0 - 1)) / k1;
  // The gradient-corrected estimate collapses to 0 at the centre; the scaled radius bounds it there.
  return k0 < 1 ? Math.min(estimate, (k0 - 1) * rMin) : estimate;
}

/** Axis-aligned box centred at (cu, cv) with half sizes (hu, hv) and corner radius r. */
export function roundedBoxSdf(u: number, v: number, cu: number, cv: number, hu: number, hv: number, r: number): number {
  const qu = Math.abs(u - cu) - hu + r;
  const qv = Math.abs(v - cv) - hv + r;
  const outside = len(Math.max(qu, 0), Math.max(qv, 0));
  return outside + Math.min(Math.max(qu, qv), 0) - r;
}

/** A cone with rounded ends from a (radius ra) to b (radius rb): the shape of a marginal spur. */
export function taperedCapsuleSdf(
  u: number, v: number, au: number, av: number, bu: number, bv: number, ra: number, rb: number,
): number {
  const du = bu - au;
  const dv = bv - av;
  const len2 = du * du + dv * dv;
  if (len2 === 0) return len(u - au, v - av) - Math.max(ra, rb);
  const axis = Math.sqrt(len2);
  // Local frame: x along the axis, y across it, so the 2-D uneven-capsule formula applies.
  const pu = u - au;
  const pv = v - av;
  const x = (pu * du + pv * dv) / axis;
  const y = Math.abs(pu * dv - pv * du) / axis;
  const b = (ra - rb) / axis;
  const a = Math.sqrt(Math.max(0, 1 - b * b));
  const k = -b * y + a * x;
  if (k < 0) return len(x, y) - ra;
  if (k > a * axis) return len(x - axis, y) - rb;
  return y * a + x * b - ra;
}

/** Polynomial smooth minimum: a union whose seam is rounded over width k. */
export function smoothUnion(a: number, b: number, k: number): number {
  if (k <= 0) return Math.min(a, b);
  const h = Math.max(k - Math.abs(a - b), 0) / k;
  return Math.min(a, b) - (h * h * k) / 4;
}

/** Smooth intersection (rounded corners of width k). */
export function smoothIntersect(a: number, b: number, k: number): number {
  return -smoothUnion(-a, -b, k);
}
