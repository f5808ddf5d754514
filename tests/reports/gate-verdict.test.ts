import { describe, it, expect } from 'vitest';
import { evaluateGates } from '../../benchmarks/analysis/gate-verdict.ts';
import { parseGateList } from '../../benchmarks/analysis/gate-list.ts';
import { Rng } from '../../benchmarks/rng.ts';
import { alternatingLabels, correctExcept, makeRun, range } from './make-run.ts';

const N = 200;
const labels = alternatingLabels(N);
const options = { confidence: 0.95, bootstrap: 200, rng: new Rng(7) };
const gate = { task: 'kl', metric: 'accuracy', maxDrop: 0.02, alpha: 0.05 };
const baseline = makeRun('base', [{ id: 'kl', labels, correct: correctExcept(N, range(0, 20)) }]); // accuracy 0.90

describe('evaluateGates', () => {
  it('fails a truly worse model: significantly worse and beyond maxDrop', () => {
    const worse = makeRun('worse', [{ id: 'kl', labels, correct: correctExcept(N, range(0, 60)) }]); // 0.70, b=0, c=40
    const verdict = evaluateGates(baseline, worse, [gate], options);
    expect(verdict.kind).toBe('checked');
    if (verdict.kind !== 'checked') return;
    expect(verdict.passed).toBe(false);
    expect(verdict.outcomes[0].delta).toBeCloseTo(-0.2, 12);
    expect(verdict.outcomes[0].pValue).toBeCloseTo(2 * 0.5 ** 40, 20);
    expect(verdict.outcomes[0].reasons).toHaveLength(2);
  });

  it('passes noise within the margin: a few flips both ways', () => {
    // 3 newly wrong (20..22), 2 newly right (0, 1): Δ = −0.005, McNemar b=2, c=3: p = 1.
    const noisy = makeRun('noisy', [{ id: 'kl', labels, correct: correctExcept(N, [...range(2, 23)]) }]);
    const verdict = evaluateGates(baseline, noisy, [gate], options);
    expect(verdict).toMatchObject({ kind: 'checked', passed: true });
    if (verdict.kind === 'checked') expect(verdict.outcomes[0].delta).toBeCloseTo(-0.005, 12);
  });

  it('fails a drop beyond maxDrop even when it is not significant', () => {
    // 6 newly wrong, 0 newly right: Δ = −0.03; exact p = 2/64 = 0.03125 — raise α to 0.01 so only the margin fails.
    const drop = makeRun('drop', [{ id: 'kl', labels, correct: correctExcept(N, range(0, 26)) }]);
    const verdict = evaluateGates(baseline, drop, [{ ...gate, alpha: 0.01 }], options);
    expect(verdict.kind === 'checked' && verdict.outcomes[0].reasons).toEqual(['dropped 0.0300 > maxDrop 0.02']);
  });

  it('Holm-corrects across gates before comparing with each α', () => {
    // Same 6-sample drop on two tasks: raw p = 0.03125 < 0.05 each, Holm-adjusted 0.0625 > 0.05; margin wide.
    const two = (id: string, wrong: number[]) => ({ id, labels, correct: correctExcept(N, wrong) });
    const base2 = makeRun('b2', [two('a', range(0, 20)), two('b', range(0, 20))]);
    const cur2 = makeRun('c2', [two('a', range(0, 26)), two('b', range(0, 26))]);
    const gates = ['a', 'b'].map((task) => ({ task, metric: 'accuracy', maxDrop: 0.1, alpha: 0.05 }));
    const verdict = evaluateGates(base2, cur2, gates, options);
    expect(verdict.kind === 'checked' && verdict.outcomes.map((o) => o.adjustedPValue)).toEqual([0.0625, 0.0625].map((p) => expect.closeTo(p, 12)));
    expect(verdict).toMatchObject({ passed: true });
  });

  it('fails a gate whose metric is undefined and leaves it out of the Holm family of the others', () => {
    // Task "one" has a single class: AUROC is NaN there. Task "kl" keeps its raw exact p (family of one).
    const single = Array.from({ length: N }, () => 0);
    const make = (id: string, wrong: number[]) => makeRun(id, [
      { id: 'kl', labels, correct: correctExcept(N, wrong) },
      { id: 'one', labels: single, correct: correctExcept(N, wrong) },
    ]);
    const gates = [{ ...gate, alpha: 0.01 }, { task: 'one', metric: 'auroc', maxDrop: 0.5, alpha: 0.05 }];
    const verdict = evaluateGates(make('b', range(0, 20)), make('c', range(0, 26)), gates, options);
    if (verdict.kind !== 'checked') throw new Error('expected a checked verdict');
    expect(verdict.passed).toBe(false);
    expect(verdict.outcomes[0].adjustedPValue).toBeCloseTo(2 / 64, 12); // 6 newly wrong: 2·0.5⁶, unadjusted
    expect(verdict.outcomes[0].reasons).toEqual(['dropped 0.0300 > maxDrop 0.02']);
    expect(verdict.outcomes[1]).toMatchObject({ status: 'fail', adjustedPValue: Number.NaN });
    expect(verdict.outcomes[1].reasons).toEqual(['cannot be checked: auroc is undefined on the pooled predictions of the baseline and the current run (e.g. only one class among the samples)']);
  });

  it('refuses non-comparable runs and says why', () => {
    const otherVersion = makeRun('v2', [{ id: 'kl', labels, correct: correctExcept(N, []), version: 2 }]);
    const otherSamples = makeRun('n', [{ id: 'kl', labels: alternatingLabels(N + 2), correct: correctExcept(N + 2, []) }]);
    const otherTask = makeRun('t', [{ id: 'oa', labels, correct: correctExcept(N, []) }]);
    expect(evaluateGates(baseline, otherVersion, [gate], options)).toEqual({
      kind: 'not-comparable',
      problems: ['task "kl" has version 1 in the baseline but 2 in the current run'],
    });
    expect(evaluateGates(baseline, otherSamples, [gate], options)).toMatchObject({ kind: 'not-comparable', problems: [expect.stringMatching(/different samples \(200 vs 202/)] });
    expect(evaluateGates(baseline, otherTask, [gate], options)).toMatchObject({ kind: 'not-comparable', problems: [expect.stringMatching(/not in the current run/)] });
  });

  it('refuses runs whose predictions do not cover the same samples (a fold missing)', () => {
    const partial = makeRun('p', [{ id: 'kl', labels, correct: correctExcept(N, []) }]);
    partial.tasks.kl.predictions = partial.tasks.kl.predictions.filter((p) => p.fold === 0);
    expect(evaluateGates(baseline, partial, [gate], options)).toMatchObject({
      kind: 'not-comparable',
      problems: ['task "kl": the predictions of pretrained at label fraction 1 cover different samples (200 in the baseline, 100 in the current run: a fold\'s predictions are missing)'],
    });
  });

  it('refuses runs whose folds differ', () => {
    const shifted = makeRun('f', [{ id: 'kl', labels, correct: correctExcept(N, []) }]);
    shifted.tasks.kl.foldTests = [shifted.tasks.kl.foldTests[1], shifted.tasks.kl.foldTests[0]];
    expect(evaluateGates(baseline, shifted, [gate], options)).toMatchObject({ kind: 'not-comparable', problems: [expect.stringMatching(/different folds/)] });
  });
});

describe('parseGateList', () => {
  it('reads a gates list and reports every problem', () => {
    expect(parseGateList({ gates: [gate] }, 'g.yaml')).toEqual([gate]);
    expect(() => parseGateList({ gates: [{ task: 'kl', metric: 'accuracy', maxDrop: -1, alpha: 2, tol: 1 }] }, 'g.yaml')).toThrow(
      /unknown key "tol"[\s\S]*maxDrop must be a number ≥ 0[\s\S]*alpha must be in \(0, 1\)/,
    );
    expect(() => parseGateList([], 'g.yaml')).toThrow(/top-level "gates:"/);
  });
});
