// Every estimator refuses input that cannot define a score, with an error naming the problem and the estimator.
import { describe, expect, it } from 'vitest';
import { ESTIMATOR_IDS, ESTIMATORS, getEstimator } from '../../../benchmarks/transferability/index.ts';
import { separableFeatures } from './synthetic-features.ts';

const { features, labels } = separableFeatures(60, 4, 2, 2, 3);

describe.each(ESTIMATOR_IDS)('%s on degenerate input', (id) => {
  const { score } = ESTIMATORS[id];
  const name = new RegExp(`^${id === 'nleep' ? 'NLEEP' : id === 'logme' ? 'LogME' : id.toUpperCase()}:`);

  it('a single class', () => {
    expect(() => score(features, labels.map(() => 1))).toThrow(/at least 2 classes, but all 60 samples have label 1/);
    expect(() => score(features, labels.map(() => 1))).toThrow(name);
  });

  it('fewer than 2 samples', () => {
    expect(() => score(features.slice(0, 1), labels.slice(0, 1))).toThrow(/at least 2 samples \(got 1\)/);
    expect(() => score([], [])).toThrow(/got 0/);
  });

  it('zero feature dimensions', () => {
    expect(() => score(features.map(() => []), labels)).toThrow(/zero dimensions/);
  });

  it('non-finite features', () => {
    const withNaN = features.map((row, i) => (i === 7 ? [row[0], Number.NaN, ...row.slice(2)] : row));
    expect(() => score(withNaN, labels)).toThrow(/features\[7\]\[1\] = NaN is not finite/);
    const withInfinity = features.map((row, i) => (i === 3 ? [Number.POSITIVE_INFINITY, ...row.slice(1)] : row));
    expect(() => score(withInfinity, labels)).toThrow(/not finite/);
  });

  it('labels that are not class indices, or do not match the rows', () => {
    expect(() => score(features, labels.map((l, i) => (i === 2 ? 0.5 : l)))).toThrow(/labels\[2\] = 0.5/);
    expect(() => score(features, labels.slice(1))).toThrow(/60 rows but labels has 59/);
  });

  it('ragged rows', () => {
    expect(() => score(features.map((row, i) => (i === 5 ? row.slice(1) : row)), labels)).toThrow(/row 5 has 3 features, expected 4/);
  });
});

describe('estimator registry', () => {
  it('lists six higher-is-better estimators under their ids', () => {
    expect(ESTIMATOR_IDS).toEqual(['logme', 'nleep', 'sfda', 'parc', 'ped', 'itm']);
    for (const id of ESTIMATOR_IDS) {
      expect(ESTIMATORS[id].id).toBe(id);
      expect(ESTIMATORS[id].higherIsBetter).toBe(true);
      expect(ESTIMATORS[id].paper).not.toBe('');
    }
  });

  it('scores through the registry with a seed', () => {
    for (const id of ESTIMATOR_IDS) expect(Number.isFinite(getEstimator(id).score(features, labels, { seed: 1 }))).toBe(true);
  });

  it('suggests the closest id for a misspelt one', () => {
    expect(() => getEstimator('logmee')).toThrow(/did you mean "logme"\?.*available: logme, nleep, sfda, parc, ped, itm/);
  });

  it('compacts sparse label values (classes 3 and 7 score as 0 and 1)', () => {
    const sparse = labels.map((l) => (l === 0 ? 3 : 7));
    for (const id of ESTIMATOR_IDS) expect(ESTIMATORS[id].score(features, sparse)).toBe(ESTIMATORS[id].score(features, labels));
  });
});
