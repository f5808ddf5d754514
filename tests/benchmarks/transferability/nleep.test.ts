// NLEEP against sklearn: the same PCA (80 % variance, u-based signs), GaussianMixture started from the same
// parameters (given as responsibilities, or as weights/means/covariances in sklearn's PCA coordinates), LEEP with
// the log; |Δ| ≤ 1e-6 and the same EM iteration count. Default k-means start: deterministic per seed.
import { describe, expect, it } from 'vitest';
import { nleepDetails } from '../../../benchmarks/transferability/nleep.ts';
import { datasetOf, REFERENCE_TOLERANCE, transferabilityReference } from './transferability-reference.ts';

describe.each(transferabilityReference.nleep)('NLEEP vs sklearn GaussianMixture: $name', (c) => {
  const { X, y } = datasetOf(c);
  const common = { covariance: c.covariance, componentsPerClass: c.componentsPerClass };

  it('from k-means responsibilities', () => {
    const result = nleepDetails(X, y, { ...common, init: { kind: 'responsibilities', responsibilities: c.initialResponsibilities } });
    expect(result.pcaDims).toBe(c.pcaDims);
    expect(result.iterations).toBe(c.iterations);
    expect(result.converged).toBe(c.converged);
    expect(Math.abs(result.score - c.nleep)).toBeLessThanOrEqual(REFERENCE_TOLERANCE);
  });

  it('from explicit weights, means and covariances (needs sklearn-compatible component signs)', () => {
    const init = { kind: 'parameters' as const, weights: c.initialWeights, means: c.initialMeans, covariances: c.initialCovariances };
    const result = nleepDetails(X, y, { ...common, init });
    expect(result.iterations).toBe(c.iterations);
    expect(Math.abs(result.score - c.nleep)).toBeLessThanOrEqual(REFERENCE_TOLERANCE);
  });
});

describe('NLEEP with its own k-means start', () => {
  const c = transferabilityReference.nleep[0];
  const { X, y } = datasetOf(c);

  it('is deterministic for a seed and lands near the sklearn-started score', () => {
    const first = nleepDetails(X, y, { seed: 3 });
    expect(nleepDetails(X, y, { seed: 3 }).score).toBe(first.score);
    expect(first.converged).toBe(true);
    // Different starts reach different local optima; the score is still a LEEP of the same data.
    expect(Math.abs(first.score - c.nleep)).toBeLessThan(0.25);
  });

  it('rejects more mixture components than samples', () => {
    expect(() => nleepDetails(X.slice(0, 12), y.slice(0, 12))).toThrow(/20 mixture components/);
  });
});
