// Holm and Benjamini–Hochberg against statsmodels multipletests (reject flags and adjusted p-values, input
// order kept), including tied p-values, p = 0, p = 1 and a single test; |Δ| ≤ 1e-9.
import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, holmCorrection } from '../../benchmarks/stats/multiple-testing.ts';
import { CLOSED_FORM, expectClose, inferenceReference } from './inference-reference.ts';

describe.each(inferenceReference.multipleTesting)('corrections vs statsmodels (α = $alpha)', (c) => {
  it(`holm and fdr_bh on ${c.pValues.length} p-values`, () => {
    const holm = holmCorrection(c.pValues, c.alpha);
    const bh = benjaminiHochberg(c.pValues, c.alpha);
    expect(holm.reject).toEqual(c.holm.reject);
    expect(bh.reject).toEqual(c.benjaminiHochberg.reject);
    holm.adjustedPValues.forEach((p, i) => expectClose(p, c.holm.adjusted[i], CLOSED_FORM, `holm ${i}`));
    bh.adjustedPValues.forEach((p, i) => expectClose(p, c.benjaminiHochberg.adjusted[i], CLOSED_FORM, `bh ${i}`));
  });
});

describe('corrections: argument checks and the empty family', () => {
  it('an empty list of p-values gives empty results; invalid p or α throws', () => {
    expect(holmCorrection([])).toMatchObject({ adjustedPValues: [], reject: [] });
    expect(() => benjaminiHochberg([0.2, 1.5])).toThrow(/probability/);
    expect(() => holmCorrection([0.2], 0)).toThrow(/alpha/);
    expect(() => holmCorrection([Number.NaN])).toThrow(/probability/);
  });
});
