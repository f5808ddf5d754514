// PED's properties (its dynamics are checked against a numpy restatement in reference-scores.test.ts): invariance
// to reordering the feature columns, separable features scoring above the same features with shuffled labels, and
// determinism for a seed. ITM's are in itm-properties.test.ts.
import { describe, expect, it } from 'vitest';
import { pedScore, type PedBase } from '../../../benchmarks/transferability/ped.ts';
import { permutedColumns, separableFeatures, shuffledLabels } from './synthetic-features.ts';

const { features, labels } = separableFeatures(240, 12, 3, 1.5, 41);
const shuffled = shuffledLabels(labels, 5);
const permuted = permutedColumns(features, 17);

describe.each(['logme', 'sfda', 'nleep'] as const)('PED with base %s', (base: PedBase) => {
  it('is invariant to a permutation of the feature columns', () => {
    expect(pedScore(permuted, labels, { base })).toBeCloseTo(pedScore(features, labels, { base }), 8);
  });

  it('scores separable classes above shuffled labels', () => {
    expect(pedScore(features, labels, { base })).toBeGreaterThan(pedScore(features, shuffled, { base }));
  });

  it('is deterministic for a seed', () => {
    expect(pedScore(features, labels, { base, seed: 4 })).toBe(pedScore(features, labels, { base, seed: 4 }));
  });
});

describe('PED dynamics', () => {
  it('with zero time step is the base estimator itself', async () => {
    const { logmeScore } = await import('../../../benchmarks/transferability/logme.ts');
    // Δt = 0 moves nothing, and the first step's zero displacement stops the loop (the reference's 0/0 case).
    expect(pedScore(features, labels, { timeStep: 0 })).toBe(logmeScore(features, labels));
  });

  it('raises the LogME of overlapping classes (pushing them apart)', async () => {
    const { logmeScore } = await import('../../../benchmarks/transferability/logme.ts');
    const overlapping = separableFeatures(240, 12, 3, 0.3, 8);
    expect(pedScore(overlapping.features, overlapping.labels, { timeStep: 1 })).toBeGreaterThan(logmeScore(overlapping.features, overlapping.labels));
  });
});
