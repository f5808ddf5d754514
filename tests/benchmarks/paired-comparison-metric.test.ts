// The job's paired comparisons test the task's primary metric: McNemar for accuracy, DeLong for binary AUROC, and
// for any other metric a paired bootstrap over patients, checked here against a numpy/scikit-learn reference of the
// same procedure (scripts/fixtures/generate_paired_kappa_fixture.py, B = 40000; ours B = 4000, so the interval and p
// agree up to Monte-Carlo error).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { comparePaired, type ComparisonContext } from '../../benchmarks/analysis/paired-comparison.ts';
import type { PooledOutputs } from '../../benchmarks/analysis/label-efficiency.ts';
import { Rng } from '../../benchmarks/rng.ts';

interface KappaCase {
  name: string;
  labels: number[];
  groups: string[];
  predA: number[];
  predB: number[];
  kappaA: number;
  kappaB: number;
  lower: number;
  upper: number;
  p: number;
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/paired-kappa.json', import.meta.url), 'utf8')) as { cases: KappaCase[] };

const PAIR = { model: 'pretrained', baseline: 'random-init' } as const;

function outputs(predicted: readonly number[], proba?: readonly number[][]): PooledOutputs {
  return {
    indices: predicted.map((_, i) => i),
    predicted: [...predicted],
    proba: proba ? proba.map((p) => [...p]) : predicted.map((p) => Array.from({ length: 5 }, (_, k) => (k === p ? 1 : 0))),
  };
}

function context(primaryMetric: string, labels: readonly number[], groups: readonly string[], numClasses = 5): ComparisonContext {
  return { primaryMetric, numClasses, labels, groups, stats: { alpha: 0.05, bootstrap: 4000, confidence: 0.95 }, rng: new Rng(5) };
}

describe.each(fixture.cases)('quadratic κ as the primary metric: $name', (c) => {
  const result = comparePaired(outputs(c.predA), outputs(c.predB), PAIR, 1, context('quadratic-kappa', c.labels, c.groups));

  it('compares κ itself (scikit-learn values), not accuracy', () => {
    expect(result.metric).toBe('quadratic-kappa');
    expect(result.test).toBe('paired-bootstrap');
    expect(result.details.valueA).toBeCloseTo(c.kappaA, 10);
    expect(result.details.valueB).toBeCloseTo(c.kappaB, 10);
    expect(result.effect.value).toBeCloseTo(c.kappaA - c.kappaB, 10);
    expect(result.details.patients).toBe(new Set(c.groups).size);
  });

  it('gives the reference patient-bootstrap interval and p within Monte-Carlo error', () => {
    expect(Math.abs(result.effect.ci.lower - c.lower)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(result.effect.ci.upper - c.upper)).toBeLessThanOrEqual(0.02);
    if (c.p < 0.001) expect(result.pValue).toBeLessThan(0.002);
    else expect(Math.abs(result.pValue - c.p)).toBeLessThanOrEqual(0.04);
    expect(result.significant).toBe(c.p < 0.05);
  });
});

describe('which test a primary metric gets', () => {
  const labels = [0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0];
  const groups = labels.map((_, i) => `P${Math.floor(i / 2)}`);
  const proba = labels.map((y, i) => [0.5 - (y - 0.5) * ((i % 3) + 1) / 5, 0.5 + (y - 0.5) * ((i % 3) + 1) / 5]);
  const flipped = proba.map(([a, b], i) => (i % 4 === 0 ? [b, a] : [a, b]));
  const predicted = (p: number[][]) => p.map(([a, b]) => (b > a ? 1 : 0));

  it('accuracy: McNemar (clustered when patients repeat)', () => {
    const r = comparePaired(outputs(predicted(proba), proba), outputs(predicted(flipped), flipped), PAIR, 1, context('accuracy', labels, groups, 2));
    expect(r.metric).toBe('accuracy');
    expect(r.test).toBe('mcnemar-clustered-yang');
  });

  it('binary AUROC: DeLong (clustered when patients repeat)', () => {
    const r = comparePaired(outputs(predicted(proba), proba), outputs(predicted(flipped), flipped), PAIR, 1, context('auroc', labels, groups, 2));
    expect(r.metric).toBe('auroc');
    expect(r.test).toBe('delong-clustered-obuchowski');
  });

  it('macro-F1 and balanced accuracy: the paired bootstrap on that metric', () => {
    for (const metric of ['macro-f1', 'balanced-accuracy']) {
      const r = comparePaired(outputs(predicted(proba), proba), outputs(predicted(flipped), flipped), PAIR, 1, context(metric, labels, groups, 2));
      expect(r.metric).toBe(metric);
      expect(r.test).toBe('paired-bootstrap');
      expect(r.effect.value).toBeGreaterThan(0);
    }
  });

  it('multi-class AUROC undefined on the pooled predictions (one class present): p 1, no interval, not significant', () => {
    const y3 = [0, 0, 0, 0, 0, 0];
    const p3 = y3.map((_, i) => (i % 2 === 1 ? [0.2, 0.7, 0.1] : [0.6, 0.3, 0.1]));
    const r = comparePaired(outputs([0, 1, 0, 1, 0, 1], p3), outputs([0, 1, 0, 1, 0, 1], p3), PAIR, 1, context('auroc', y3, y3.map((_, i) => `P${i}`), 3));
    expect(r.test).toBe('paired-bootstrap');
    expect(r.pValue).toBe(1);
    expect(r.significant).toBe(false);
    expect(Number.isNaN(r.effect.ci.lower)).toBe(true);
  });
});
