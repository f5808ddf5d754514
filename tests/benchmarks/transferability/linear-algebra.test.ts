// The shared kernels on hand-computed cases: eigenpairs of small symmetric matrices, Cholesky solves, the Gram
// matrix, PCA's component choice and sign convention, and the two-level Spearman against a brute-force mid-rank one.
import { describe, expect, it } from 'vitest';
import { midranks } from '../../../benchmarks/stats/ranks.ts';
import { backSubstituteTransposed, choleskyLower, forwardSubstitute, gramMatrix, symmetricEigen } from '../../../benchmarks/transferability/dense.ts';
import { spearmanAgainstTwoLevels } from '../../../benchmarks/transferability/pair-rank-correlation.ts';
import { principalComponents } from '../../../benchmarks/transferability/pca.ts';
import { Rng } from '../../../benchmarks/rng.ts';

describe('symmetric eigendecomposition', () => {
  it('[[2, 1], [1, 2]] has eigenvalues 3 and 1 with eigenvectors (1, ±1)/√2, largest first', () => {
    const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expect(values[0]).toBeCloseTo(3, 14);
    expect(values[1]).toBeCloseTo(1, 14);
    expect(Math.abs(vectors[0])).toBeCloseTo(Math.SQRT1_2, 14);
    expect(vectors[0] * vectors[2]).toBeCloseTo(0.5, 14); // column 0 is (1, 1)/√2 up to sign
    expect(vectors[1] * vectors[3]).toBeCloseTo(-0.5, 14);
  });

  it('reconstructs a random symmetric matrix as V diag(λ) Vᵀ', () => {
    const rng = new Rng(4);
    const n = 6;
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) A[i * n + j] = A[j * n + i] = rng.normal();
    const { values, vectors } = symmetricEigen(A, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let k = 0; k < n; k++) sum += vectors[i * n + k] * values[k] * vectors[j * n + k];
        expect(sum).toBeCloseTo(A[i * n + j], 12);
      }
    }
    for (let k = 1; k < n; k++) expect(values[k]).toBeLessThanOrEqual(values[k - 1]);
  });
});

describe('Cholesky', () => {
  it('factors [[4, 2], [2, 3]] as [[2, 0], [1, √2]] and solves A x = b', () => {
    const L = choleskyLower(Float64Array.from([4, 2, 2, 3]), 2);
    if (L === undefined) throw new Error('not positive definite');
    expect(Array.from(L)).toEqual([2, 0, 1, Math.SQRT2]);
    const x = Float64Array.from([8, 7]);
    forwardSubstitute(L, 2, x);
    backSubstituteTransposed(L, 2, x);
    expect(x[0]).toBeCloseTo(1.25, 14); // [[4, 2], [2, 3]] · (1.25, 1.5) = (8, 7)
    expect(x[1]).toBeCloseTo(1.5, 14);
  });

  it('reports a matrix that is not positive definite', () => {
    expect(choleskyLower(Float64Array.from([1, 2, 2, 1]), 2)).toBeUndefined();
  });
});

describe('Gram matrix', () => {
  it('XᵀX of a 3 × 5 matrix (exercising the 4-column blocks and the remainder)', () => {
    const rows = [
      [1, 2, 0, -1, 3],
      [0, 1, 4, 2, -2],
      [5, -1, 1, 0, 1],
    ];
    const gram = gramMatrix({ rows: 3, cols: 5, data: Float64Array.from(rows.flat()) });
    for (let a = 0; a < 5; a++) for (let b = 0; b < 5; b++) expect(gram[a * 5 + b]).toBe(rows.reduce((s, r) => s + r[a] * r[b], 0));
  });
});

describe('PCA', () => {
  const X = { rows: 4, cols: 2, data: Float64Array.from([2, 0, 0, 1, -2, 0, 0, -1]) };

  it('keeps the fewest components whose variance exceeds the fraction (sklearn searchsorted rule)', () => {
    // Variances 8/3 and 2/3 of a total 10/3: ratios 0.8 and 0.2, so 0.8 is reached, not exceeded, by one.
    expect(principalComponents(X, { varianceKept: 0.79 }).scores.cols).toBe(1);
    expect(principalComponents(X, { varianceKept: 0.8 }).scores.cols).toBe(2);
    expect(principalComponents(X, { varianceKept: 0.5 }).explainedVariance[0]).toBeCloseTo(8 / 3, 14);
  });

  it("makes each component's largest-magnitude score positive (u-based svd_flip)", () => {
    const { scores } = principalComponents(X, { components: 2 });
    expect(Math.abs(scores.data[0])).toBeCloseTo(2, 14);
    // Rows 0 and 2 tie at |2| on the first component; the first of them is made positive.
    expect(scores.data[0]).toBeGreaterThan(0);
    expect(scores.data[3]).toBeGreaterThan(0);
  });
});

describe('Spearman against a two-level label distance', () => {
  it('equals the Pearson correlation of brute-force mid-ranks, ties included', () => {
    const same = [0.1, 0.4, 0.4, 0.9];
    const different = [0.4, 0.7, 1.2, 0.1, 2];
    const values = [...same, ...different];
    const labels = [...same.map(() => 0), ...different.map(() => 1)];
    const r = midranks(values).ranks;
    const l = midranks(labels).ranks;
    const mean = (v: ArrayLike<number>) => Array.from(v).reduce((s, x) => s + x, 0) / v.length;
    const [mr, ml] = [mean(r), mean(l)];
    let covariance = 0;
    let vr = 0;
    let vl = 0;
    for (let i = 0; i < values.length; i++) {
      covariance += (r[i] - mr) * (l[i] - ml);
      vr += (r[i] - mr) ** 2;
      vl += (l[i] - ml) ** 2;
    }
    expect(spearmanAgainstTwoLevels(Float64Array.from(same), Float64Array.from(different))).toBeCloseTo(covariance / Math.sqrt(vr * vl), 14);
  });

  it('refuses a constant label distance', () => {
    expect(() => spearmanAgainstTwoLevels(new Float64Array(0), Float64Array.from([1, 2]))).toThrow(/constant/);
  });
});
