// Distribution functions against scipy.special / scipy.stats. Although the routines iterate, they converge to
// ~1e-14, so the p-values and quantiles the tests use are held to the closed-form tolerance 1e-9.
import { describe, expect, it } from 'vitest';
import { chiSquareSf } from '../../benchmarks/stats/distributions/chi-square.ts';
import { logGamma } from '../../benchmarks/stats/distributions/log-gamma.ts';
import { normalCdf, normalQuantile } from '../../benchmarks/stats/distributions/normal.ts';
import { studentTQuantile, studentTTwoSidedP } from '../../benchmarks/stats/distributions/student-t.ts';
import { studentizedRangeQuantile, studentizedRangeSf } from '../../benchmarks/stats/distributions/studentized-range.ts';
import { nemenyiQ } from '../../benchmarks/stats/nemenyi.ts';
import { CLOSED_FORM, expectClose, inferenceReference, ITERATIVE } from './inference-reference.ts';

const d = inferenceReference.distributions;

describe('distributions vs scipy', () => {
  it('logGamma: relative 1e-13 (scipy.special.gammaln)', () => {
    for (const { x, value } of d.logGamma) expectClose(logGamma(x), value, 1e-13 * Math.max(1, Math.abs(value)), `lgamma(${x})`);
  });

  it('normal cdf and quantile', () => {
    for (const { x, value } of d.normalCdf) expectClose(normalCdf(x), value, CLOSED_FORM, `Φ(${x})`);
    for (const { p, value } of d.normalQuantile) expectClose(normalQuantile(p), value, CLOSED_FORM, `Φ⁻¹(${p})`);
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('Student t two-sided p and quantile', () => {
    for (const { t, df, value } of d.studentTTwoSidedP) expectClose(studentTTwoSidedP(t, df), value, CLOSED_FORM, `t=${t} df=${df}`);
    // Quantiles against 30-digit mpmath roots; scipy 1.10's own t.ppf is off by up to 2.4e-9 (stdtrit).
    for (const { p, df, value, scipy } of d.studentTQuantile) {
      expectClose(studentTQuantile(p, df), value, 1e-12 * Math.abs(value), `t_${p}(${df})`);
      expectClose(studentTQuantile(p, df), scipy, ITERATIVE, `scipy t_${p}(${df})`);
    }
  });

  it('χ² upper tail', () => {
    for (const { x, df, value } of d.chiSquareSf) expectClose(chiSquareSf(x, df), value, CLOSED_FORM, `χ²(${x}; ${df})`);
  });

  it('studentized range (df = ∞) upper tail and Nemenyi q', () => {
    for (const { q, k, value } of d.studentizedRangeSf) expectClose(studentizedRangeSf(q, k), value, CLOSED_FORM, `q=${q} k=${k}`);
    for (const { k, alpha, value } of d.nemenyiQ) expectClose(nemenyiQ(k, alpha), value, CLOSED_FORM, `q_${alpha}(${k})`);
    expect(studentizedRangeQuantile(0.95, 2)).toBeCloseTo(1.959963984540054 * Math.SQRT2, 10);
  });

  // Demšar (2006, JMLR 7:1, Table 5a) prints q_α for the Nemenyi test to three decimals, derived from
  // three-decimal studentized range tables divided by √2 (e.g. 3.314/√2 = 2.343 where the exact value is 2.3437),
  // so the last printed digit can be one off: tolerance 1e-3.
  const demsar: Record<string, number[]> = {
    '0.05': [1.96, 2.343, 2.569, 2.728, 2.85, 2.949, 3.031, 3.102, 3.164],
    '0.1': [1.645, 2.052, 2.291, 2.459, 2.589, 2.693, 2.78, 2.855, 2.92],
  };
  it.each(Object.entries(demsar))("matches Demšar's printed q values at α = %s (to the table's 3 decimals)", (alpha, row) => {
    row.forEach((printed, i) => expectClose(nemenyiQ(i + 2, Number(alpha)), printed, 1e-3, `k=${i + 2}`));
  });

  it('rejects arguments outside the domain', () => {
    expect(() => normalQuantile(1.5)).toThrow(/\[0, 1\]/);
    expect(() => studentTTwoSidedP(1, 0)).toThrow(/degrees of freedom/);
    expect(() => chiSquareSf(1, -1)).toThrow(/degrees of freedom/);
    expect(() => studentizedRangeSf(1, 1)).toThrow(/k ≥ 2/);
    expect(() => logGamma(0)).toThrow(/x > 0/);
  });
});
