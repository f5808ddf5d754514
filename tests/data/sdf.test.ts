import { describe, expect, it } from 'vitest';
import {
  circleSdf, coverage, ellipseSdf, roundedBoxSdf, shellCoverage, smoothUnion, taperedCapsuleSdf,
} from '../../runtime/data/phantoms/sdf.ts';

describe('signed distance primitives (hand-computed distances)', () => {
  it('circle and rounded box give exact Euclidean distances', () => {
    expect(circleSdf(3, 4, 0, 0, 1)).toBeCloseTo(4, 12);
    // Box half sizes (1, 2), corner radius 0: corner (1, 2) to point (4, 6) is 5 away.
    expect(roundedBoxSdf(4, 6, 0, 0, 1, 2, 0)).toBeCloseTo(5, 12);
    expect(roundedBoxSdf(0, 0, 0, 0, 1, 2, 0)).toBeCloseTo(-1, 12);
    expect(roundedBoxSdf(3, 0, 0, 0, 1, 2, 0.5)).toBeCloseTo(2, 12);
  });

  it('ellipse is zero on its boundary, negative inside, and exact on the axes', () => {
    for (let k = 0; k < 16; k++) {
      const t = (k / 16) * 2 * Math.PI;
      expect(Math.abs(ellipseSdf(0.3 * Math.cos(t), 0.2 * Math.sin(t), 0, 0, 0.3, 0.2))).toBeLessThan(1e-12);
    }
    expect(ellipseSdf(0, 0, 0, 0, 0.3, 0.2)).toBeCloseTo(-0.2, 12);
    expect(ellipseSdf(0.5, 0, 0, 0, 0.3, 0.2)).toBeCloseTo(0.2, 12);
    expect(ellipseSdf(0, -0.25, 0, 0, 0.3, 0.2)).toBeCloseTo(0.05, 12);
    // Near the centre the estimate must stay inside (it used to collapse to 0 there).
    expect(ellipseSdf(0.001, 0.001, 0, 0, 0.3, 0.2)).toBeLessThan(-0.15);
  });

  it('tapered capsule: ends are circles, the flank is a tangent line', () => {
    // From (0,0) r=0.2 to (1,0) r=0.2 is an ordinary capsule.
    expect(taperedCapsuleSdf(0.5, 0.7, 0, 0, 1, 0, 0.2, 0.2)).toBeCloseTo(0.5, 12);
    expect(taperedCapsuleSdf(-0.5, 0, 0, 0, 1, 0, 0.2, 0.2)).toBeCloseTo(0.3, 12);
    expect(taperedCapsuleSdf(1.5, 0, 0, 0, 1, 0, 0.3, 0.1)).toBeCloseTo(0.4, 12);
    // Any axis direction: rotating the same configuration by 90° gives the same distance.
    expect(taperedCapsuleSdf(0, 1.5, 0, 0, 0, 1, 0.3, 0.1)).toBeCloseTo(0.4, 12);
  });

  it('smooth union is the minimum away from the seam and lower on it', () => {
    expect(smoothUnion(0.5, 2, 0.1)).toBe(0.5);
    expect(smoothUnion(0.5, 0.5, 0.1)).toBeCloseTo(0.5 - 0.025, 12);
  });

  it('coverage is an area-like ramp one pixel wide', () => {
    expect(coverage(-1, 0.1)).toBe(1);
    expect(coverage(1, 0.1)).toBe(0);
    expect(coverage(0, 0.1)).toBeCloseTo(0.5, 12);
    expect(coverage(0.025, 0.1)).toBeCloseTo(0.25, 12);
    expect(shellCoverage(-0.5, 0.2, 0.01)).toBe(0);
    expect(shellCoverage(-0.1, 0.2, 0.01)).toBe(1);
  });
});
