// L-BFGS on problems with known minimisers (Rosenbrock; a convex quadratic with a closed-form solution).
import { describe, expect, it } from 'vitest';
import { minimizeLbfgs } from '../../benchmarks/probe/lbfgs.ts';

describe('minimizeLbfgs', () => {
  it('finds the Rosenbrock minimum (1, 1) from (−1.2, 1)', () => {
    const rosenbrock = (x: Float64Array, g: Float64Array) => {
      const [a, b] = x;
      g[0] = -400 * a * (b - a * a) - 2 * (1 - a);
      g[1] = 200 * (b - a * a);
      return 100 * (b - a * a) ** 2 + (1 - a) ** 2;
    };
    const result = minimizeLbfgs(rosenbrock, Float64Array.of(-1.2, 1), { maxIter: 200, gradientTolerance: 1e-10 });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 8);
    expect(result.x[1]).toBeCloseTo(1, 8);
  });

  it('solves a diagonal quadratic ½Σ dᵢ(xᵢ − cᵢ)² to the gradient tolerance', () => {
    const d = Float64Array.from({ length: 50 }, (_, i) => 1 + i * i);
    const c = Float64Array.from({ length: 50 }, (_, i) => Math.cos(i));
    const quadratic = (x: Float64Array, g: Float64Array) => {
      let f = 0;
      for (let i = 0; i < x.length; i++) {
        g[i] = d[i] * (x[i] - c[i]);
        f += 0.5 * d[i] * (x[i] - c[i]) ** 2;
      }
      return f;
    };
    const result = minimizeLbfgs(quadratic, new Float64Array(50), { maxIter: 1000, gradientTolerance: 1e-9 });
    expect(result.stop).toBe('gradient');
    result.x.forEach((xi, i) => expect(Math.abs(xi - c[i])).toBeLessThanOrEqual(1e-9 / d[i] + 1e-15));
  });

  it('reports max-iter without claiming convergence', () => {
    const bowl = (x: Float64Array, g: Float64Array) => {
      g[0] = 2 * x[0];
      g[1] = 200 * x[1];
      return x[0] ** 2 + 100 * x[1] ** 2;
    };
    const result = minimizeLbfgs(bowl, Float64Array.of(3, 4), { maxIter: 1, gradientTolerance: 1e-12 });
    expect(result).toMatchObject({ converged: false, stop: 'max-iter', iterations: 1 });
  });
});
