// The EM Gaussian mixture on cases with known answers: two well-separated clusters are recovered (the failure of
// the npm packages), posteriors are probabilities, and the log-likelihood never decreases between EM iterations.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../benchmarks/rng.ts';
import { expectationStep, fitGaussianMixture } from '../../../benchmarks/transferability/gaussian-mixture.ts';
import { estimateParameters } from '../../../benchmarks/transferability/mixture-steps.ts';
import type { DenseMatrix } from '../../../benchmarks/transferability/dense.ts';

function twoClusters(perCluster: number, rng: Rng): { X: DenseMatrix; truth: number[] } {
  const rows: number[] = [];
  const truth: number[] = [];
  for (let i = 0; i < 2 * perCluster; i++) {
    const cluster = i < perCluster ? 0 : 1;
    const centre = cluster === 0 ? [-5, 2] : [5, -1];
    rows.push(centre[0] + rng.normal(), centre[1] + 0.5 * rng.normal());
    truth.push(cluster);
  }
  return { X: { rows: 2 * perCluster, cols: 2, data: Float64Array.from(rows) }, truth };
}

describe('Gaussian mixture EM', () => {
  const { X, truth } = twoClusters(100, new Rng(11));

  it.each(['full', 'diag'] as const)('recovers two separated clusters (%s covariance)', (covariance) => {
    const fit = fitGaussianMixture(X, { components: 2, covariance, init: { kind: 'kmeans', rng: new Rng(5) } });
    const assigned = truth.map((_, i) => (fit.posteriors[i * 2] > 0.5 ? 0 : 1));
    const agreement = assigned.filter((a, i) => a === truth[i]).length / truth.length;
    expect(Math.max(agreement, 1 - agreement)).toBe(1);
    const sortedMeans = [fit.parameters.means[0], fit.parameters.means[2]].sort((a, b) => a - b);
    expect(sortedMeans[0]).toBeCloseTo(-5, 0);
    expect(sortedMeans[1]).toBeCloseTo(5, 0);
    expect(fit.converged).toBe(true);
  });

  it('posterior rows sum to 1', () => {
    const fit = fitGaussianMixture(X, { components: 3, init: { kind: 'kmeans', rng: new Rng(2) } });
    for (let i = 0; i < X.rows; i++) expect(fit.posteriors[i * 3] + fit.posteriors[i * 3 + 1] + fit.posteriors[i * 3 + 2]).toBeCloseTo(1, 12);
  });

  it('EM never lowers the mean log-likelihood', () => {
    const responsibilities = new Float64Array(X.rows * 3);
    const rng = new Rng(9);
    for (let i = 0; i < X.rows; i++) responsibilities[i * 3 + rng.int(3)] = 1;
    let parameters = estimateParameters(X, responsibilities, 3, 'full', 1e-6);
    let previous = Number.NEGATIVE_INFINITY;
    for (let iteration = 0; iteration < 30; iteration++) {
      const step = expectationStep(X, parameters);
      expect(step.meanLogLikelihood).toBeGreaterThanOrEqual(previous - 1e-12);
      previous = step.meanLogLikelihood;
      parameters = estimateParameters(X, step.posteriors, 3, 'full', 1e-6);
    }
  });
});
