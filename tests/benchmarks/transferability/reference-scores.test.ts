// LogME, SFDA, PARC and PED (dynamics + LogME) against numpy/scipy/sklearn restatements of the authors' code on
// seeded features (scripts/fixtures/generate_transferability_fixtures.py), |Δ| ≤ 1e-6, including N < D and exact ties.
import { describe, expect, it } from 'vitest';
import { logmeScore } from '../../../benchmarks/transferability/logme.ts';
import { parcScore } from '../../../benchmarks/transferability/parc.ts';
import { pedScore } from '../../../benchmarks/transferability/ped.ts';
import { sfdaScore } from '../../../benchmarks/transferability/sfda.ts';
import { datasetOf, REFERENCE_TOLERANCE, transferabilityReference } from './transferability-reference.ts';

describe.each(transferabilityReference.estimators)('reference scores: $name', (c) => {
  const { X, y } = datasetOf(c);

  it('LogME matches the eigendecomposition restatement', () => {
    expect(Math.abs(logmeScore(X, y) - c.logme)).toBeLessThanOrEqual(REFERENCE_TOLERANCE);
  });

  it('PARC matches numpy.corrcoef + scipy.stats.spearmanr (× 100)', () => {
    expect(Math.abs(parcScore(X, y) - c.parc)).toBeLessThanOrEqual(REFERENCE_TOLERANCE);
  });
});

// SFDA and PED need a nonsingular within-class scatter, so the N < D case has no reference for them.
const fullRankCases = transferabilityReference.estimators.flatMap((c) =>
  c.sfda === undefined || c.pedLogme === undefined ? [] : [{ ...c, sfda: c.sfda, pedLogme: c.pedLogme }],
);

describe.each(fullRankCases)('reference scores (full rank): $name', (c) => {
  const { X, y } = datasetOf(c);

  it('SFDA matches the generalised-eigh restatement', () => {
    expect(Math.abs(sfdaScore(X, y) - c.sfda)).toBeLessThanOrEqual(REFERENCE_TOLERANCE);
  });

  it('PED (LogME base) matches the restated dynamics', () => {
    expect(Math.abs(pedScore(X, y) - c.pedLogme)).toBeLessThanOrEqual(REFERENCE_TOLERANCE);
  });
});

describe('fixture coverage', () => {
  it('includes a case whose pair distances tie', () => {
    expect(transferabilityReference.estimators.some((c) => c.parcTiedPairs > 0)).toBe(true);
  });
});
