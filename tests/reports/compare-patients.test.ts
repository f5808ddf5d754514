// Compare and gate resample patients, not samples, for every metric that is bootstrapped. The reference is an
// identity of the cluster bootstrap: when every patient contributes K identical copies of one sample, a count-based
// metric (macro-F1) on a patient resample equals the metric on the matching resample of the de-duplicated data, and
// resample.ts draws one index per patient exactly as the i.i.d. sampler draws one per sample. So the cluster CI on
// the duplicated runs must equal, to rounding, the sample CI on one-sample-per-patient runs with the same seed.
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../benchmarks/analysis/compare-runs.ts';
import { evaluateGates, type GateOutcome } from '../../benchmarks/analysis/gate-verdict.ts';
import { SAMPLE_FALLBACK_NOTE } from '../../benchmarks/analysis/paired-run-test.ts';
import type { RunEvidence } from '../../benchmarks/analysis/run-evidence.ts';
import { Rng } from '../../benchmarks/rng.ts';
import { gateMarkdown } from '../../reports/gate-summary.ts';
import { alternatingLabels, correctExcept, makeRun, range } from './make-run.ts';

const PATIENTS = 30;
const K = 4;
const labels = alternatingLabels(PATIENTS);
const baselineCorrect = correctExcept(PATIENTS, range(0, 6));
const currentCorrect = correctExcept(PATIENTS, range(3, 13));
const gate = { task: 'kl', metric: 'macro-f1', maxDrop: 1, alpha: 0.05 };
const settings = () => ({ confidence: 0.95, bootstrap: 400, rng: new Rng(11) });

const copies = <T>(perPatient: readonly T[]): T[] => perPatient.flatMap((value) => Array.from({ length: K }, () => value));

function run(id: string, correct: boolean[], duplicated: boolean, withGroups: boolean): RunEvidence {
  const made = makeRun(id, [{ id: 'kl', labels: duplicated ? copies(labels) : labels, correct: duplicated ? copies(correct) : correct }], [gate]);
  if (withGroups) made.tasks.kl.groups = copies(range(0, PATIENTS).map((p) => `patient-${p}`));
  return made;
}

function only(outcome: ReturnType<typeof evaluateGates>): GateOutcome {
  if (outcome.kind !== 'checked') throw new Error(`not checked: ${outcome.problems.join('; ')}`);
  return outcome.outcomes[0];
}

describe('patient-cluster bootstrap in compare and gate', () => {
  const perPatient = only(evaluateGates(run('b', baselineCorrect, false, false), run('c', currentCorrect, false, false), [gate], settings()));
  const clustered = only(evaluateGates(run('b', baselineCorrect, true, true), run('c', currentCorrect, true, true), [gate], settings()));
  const samples = only(evaluateGates(run('b', baselineCorrect, true, false), run('c', currentCorrect, true, false), [gate], settings()));

  it('resamples patients when patient ids are stored: the CI equals the per-patient bootstrap', () => {
    expect(clustered.test).toBe('paired-bootstrap');
    expect(clustered.resampling).toBe('patients');
    expect(clustered.note).toBeUndefined();
    expect(clustered.delta).toBeCloseTo(perPatient.delta, 12);
    expect(clustered.ci[0]).toBeCloseTo(perPatient.ci[0], 12);
    expect(clustered.ci[1]).toBeCloseTo(perPatient.ci[1], 12);
    expect(clustered.pValue).toBeCloseTo(perPatient.pValue, 12);
  });

  it('falls back to samples only without patient ids, says so, and is then too narrow', () => {
    expect(samples.resampling).toBe('samples');
    expect(samples.note).toBe(SAMPLE_FALLBACK_NOTE);
    expect(samples.ci[1] - samples.ci[0]).toBeLessThan(0.75 * (clustered.ci[1] - clustered.ci[0]));
    const verdict = evaluateGates(run('b', baselineCorrect, true, false), run('c', currentCorrect, true, false), [gate], settings());
    expect(gateMarkdown(verdict, 'b.json', 'c')).toContain(`- note: kl/macro-f1: ${SAMPLE_FALLBACK_NOTE}`);
  });

  it("uses the current run's patient ids when an old baseline lacks them", () => {
    const mixed = only(evaluateGates(run('b', baselineCorrect, true, false), run('c', currentCorrect, true, true), [gate], settings()));
    expect(mixed.resampling).toBe('patients');
    expect(mixed.ci).toEqual(clustered.ci);
  });

  it('resamples patients for the accuracy CI too, and tests accuracy with the clustered McNemar test', () => {
    const accuracyGate = { ...gate, metric: 'accuracy' };
    const acc = only(evaluateGates(run('b', baselineCorrect, true, true), run('c', currentCorrect, true, true), [accuracyGate], settings()));
    const accPerPatient = only(evaluateGates(run('b', baselineCorrect, false, false), run('c', currentCorrect, false, false), [accuracyGate], settings()));
    expect(acc.test).toBe('mcnemar-clustered-yang');
    expect(accPerPatient.test).toBe('mcnemar-exact'); // one sample per patient: the plain exact test
    expect(acc.resampling).toBe('patients');
    expect(acc.ci[0]).toBeCloseTo(accPerPatient.ci[0], 12);
    expect(acc.ci[1]).toBeCloseTo(accPerPatient.ci[1], 12);
  });

  it('refuses runs whose patient ids differ, and compare marks the primary metric the same way', () => {
    const other = run('c', currentCorrect, true, true);
    other.tasks.kl.groups = other.tasks.kl.groups!.map((g, i) => (i === 0 ? 'someone-else' : g));
    expect(evaluateGates(run('b', baselineCorrect, true, true), other, [gate], settings())).toMatchObject({
      kind: 'not-comparable',
      problems: ['task "kl" has the same labels and folds but different patient ids: not the same samples'],
    });
    const f1Task = (id: string, correct: boolean[]) => {
      const made = run(id, correct, true, true);
      made.result.tasks[0].primaryMetric = 'macro-f1';
      return made;
    };
    const { rows } = compareRuns([f1Task('b', baselineCorrect), f1Task('c', currentCorrect)], { alpha: 0.05, ...settings() });
    expect(rows[0]).toMatchObject({ metric: 'macro-f1', resampling: 'patients', test: 'paired-bootstrap' });
  });
});
