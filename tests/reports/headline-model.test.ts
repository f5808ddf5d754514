// The model `bench compare` and `bench gate` test: the linear probe by default, the first protocol's pretrained model
// when the reference spec has none, or `--model <id>`; an unknown id is bad input (exit 2) with the list. McNemar
// p-values of the constructed runs are worked by hand: 2·P(Bin(b + c, ½) ≤ min(b, c)).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { compareRuns } from '../../benchmarks/analysis/compare-runs.ts';
import { evaluateGates } from '../../benchmarks/analysis/gate-verdict.ts';
import { chooseHeadlineModel, defaultHeadlineModel } from '../../benchmarks/analysis/headline-model.ts';
import type { RunEvidence } from '../../benchmarks/analysis/run-evidence.ts';
import { Rng } from '../../benchmarks/rng.ts';
import { registerCompare } from '../../cli/commands/compare.ts';
import { registerGate } from '../../cli/commands/gate.ts';
import { UsageError } from '../../cli/exit-codes.ts';
import type { ModelKind } from '../../dsl/results.ts';
import type { EvalProtocol } from '../../dsl/types.ts';
import { toBaselineBundle } from '../../reports/baseline-bundle.ts';
import { compareNotes, compareTable } from '../../reports/compare-table.ts';
import { renderHtmlReport } from '../../reports/html-report.ts';
import { bench } from './gate-cli-harness.ts';
import { alternatingLabels, correctExcept, makeRun, range } from './make-run.ts';

const N = 100;
const labels = alternatingLabels(N);
const gates = [{ task: 'kl', metric: 'accuracy', maxDrop: 0.5, alpha: 0.05 }];
const settings = { alpha: 0.05, confidence: 0.95, bootstrap: 200 };
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'headline-model-'));
});
afterEach(() => {
  process.exitCode = undefined;
});

/** A run of task "kl" whose spec evaluates `protocols`; `wrong` per model (the first model takes makeRun's folds). */
function runOf(jobId: string, protocols: EvalProtocol[], wrong: Partial<Record<ModelKind, number[]>>): RunEvidence {
  const run = makeRun(jobId, [{ id: 'kl', labels, correct: correctExcept(N, []) }], gates);
  run.result.spec = { ...run.result.spec, eval: { ...run.result.spec.eval, protocols } };
  const template = run.tasks.kl.predictions;
  run.tasks.kl.predictions = Object.entries(wrong).flatMap(([model, misses]) => {
    const correct = correctExcept(N, misses);
    return template.map((p) => {
      const predicted = p.testIndices.map((i) => (correct[i] ? labels[i] : 1 - labels[i]));
      return { ...p, model: model as ModelKind, predicted, probabilities: predicted.map((y) => (y === 1 ? [0.1, 0.9] : [0.9, 0.1])) };
    });
  });
  return run;
}

function bundle(run: RunEvidence): string {
  const file = join(dir, `${run.result.jobId}.json`);
  writeFileSync(file, JSON.stringify(toBaselineBundle(run)));
  return file;
}

// k-NN only: reference wrong on 0–9, current on 0–19 → b = 0, c = 10, p = 2/1024, Δ = −0.1.
const knnReference = runOf('knn-ref', ['knn'], { 'pretrained:knn': range(0, 10) });
const knnCurrent = runOf('knn-cur', ['knn'], { 'pretrained:knn': range(0, 20) });
// Probe and fine-tune: the probe does not change (p = 1); fine-tuning improves by 6 (b = 6, c = 0, p = 2/64).
const bothReference = runOf('both-ref', ['linear-probe', 'fine-tune'], { pretrained: range(0, 10), 'pretrained:fine-tune': range(0, 8) });
const bothCurrent = runOf('both-cur', ['linear-probe', 'fine-tune'], { pretrained: range(0, 10), 'pretrained:fine-tune': range(0, 2) });

describe('the headline model', () => {
  it('is the linear probe when the spec evaluates one (or predates eval.protocols), else the first protocol', () => {
    expect(defaultHeadlineModel(bothReference.result)).toMatchObject({ model: 'pretrained', byDefault: true });
    expect(defaultHeadlineModel(runOf('ft', ['fine-tune', 'knn'], {}).result).model).toBe('pretrained:fine-tune');
    expect(defaultHeadlineModel(knnReference.result)).toEqual({
      model: 'pretrained:knn',
      reason: 'the spec of knn-ref has no linear-probe; its first protocol is knn',
      byDefault: true,
    });
    const old = runOf('old', ['linear-probe'], { pretrained: [] });
    const { protocols: _dropped, ...evalWithoutProtocols } = old.result.spec.eval;
    old.result.spec = { ...old.result.spec, eval: evalWithoutProtocols as typeof old.result.spec.eval };
    expect(defaultHeadlineModel(old.result).model).toBe('pretrained');
  });

  it('refuses a model the reference did not evaluate, listing those it did', () => {
    expect(chooseHeadlineModel(bothReference, 'pretrained:fine-tune')).toEqual({ model: 'pretrained:fine-tune', reason: 'chosen with --model', byDefault: false });
    expect(() => chooseHeadlineModel(knnReference, 'pretrained:knm')).toThrow(
      '--model: unknown model "pretrained:knm"; did you mean "pretrained:knn"? (available: pretrained:knn)',
    );
    expect(() => chooseHeadlineModel(bothReference, 'supervised')).toThrow('--model: model "supervised" was not evaluated in made:both-ref (available: pretrained, pretrained:fine-tune)');
  });
});

describe('compare and gate on the headline model', () => {
  it('compares the k-NN model of a spec without a linear probe and says so', () => {
    const outcome = compareRuns([knnReference, knnCurrent], { ...settings, rng: new Rng(1) });
    expect(outcome.rows).toHaveLength(1);
    expect(outcome.rows[0]).toMatchObject({ model: 'pretrained:knn', fraction: 1, test: 'mcnemar-exact', mark: 'loss' });
    expect(outcome.rows[0].pValue).toBeCloseTo(2 / 1024, 12);
    expect(outcome.rows[0].delta).toBeCloseTo(-0.1, 12);
    expect(compareTable(outcome).title).toMatch(/^pretrained:knn: primary metric per task/);
    expect(compareTable(outcome).rows[0][2]).toBe('pretrained:knn@100%');
    expect(compareNotes(outcome)[0]).toBe('model compared: pretrained:knn (the spec of knn-ref has no linear-probe; its first protocol is knn)');
  });

  it('compares the model --model names; the probe stays the default', () => {
    const probe = compareRuns([bothReference, bothCurrent], { ...settings, rng: new Rng(1) });
    expect(probe.rows[0]).toMatchObject({ model: 'pretrained', delta: 0, pValue: 1, mark: 'n.s.' });
    expect(compareNotes(probe).filter((line) => line.startsWith('model compared'))).toEqual([]);
    const fineTune = compareRuns([bothReference, bothCurrent], { ...settings, rng: new Rng(1), model: 'pretrained:fine-tune' });
    expect(fineTune.rows[0]).toMatchObject({ model: 'pretrained:fine-tune', mark: 'win' });
    expect(fineTune.rows[0].pValue).toBeCloseTo(2 / 64, 12);
    expect(fineTune.rows[0].delta).toBeCloseTo(0.06, 12);
  });

  it('gates the chosen model', () => {
    const verdict = evaluateGates(knnReference, knnCurrent, [{ ...gates[0], maxDrop: 0.05 }], { ...settings, rng: new Rng(1) });
    expect(verdict).toMatchObject({ kind: 'checked', passed: false, outcomes: [{ headline: { model: 'pretrained:knn', fraction: 1 }, status: 'fail' }] });
    const probeOnly = runOf('probe-only', ['linear-probe'], { pretrained: range(0, 10) });
    expect(evaluateGates(probeOnly, knnCurrent, gates, { ...settings, rng: new Rng(1) })).toMatchObject({
      kind: 'not-comparable',
      problems: ['the current run has no predictions of pretrained at label fraction 1 for task "kl"'],
    });
  });
});

describe('bench compare / bench gate --model', () => {
  it('compare prints the model and exits 2 with the list for an unknown --model', async () => {
    const [ref, cur] = [bundle(bothReference), bundle(bothCurrent)];
    const md = await bench(registerCompare, ['compare', ref, cur, '--format', 'md', '--model', 'pretrained:fine-tune']);
    expect(md.code).toBe(0);
    expect(md.out).toMatch(/\| kl \| both-cur vs both-ref \| pretrained:fine-tune@100% \| accuracy \| 0\.920 \| 0\.980 \|/);
    expect(md.out).toContain('- model compared: pretrained:fine-tune (chosen with --model)');
    const unknown = bench(registerCompare, ['compare', ref, cur, '--model', 'knn']);
    await expect(unknown).rejects.toThrow(UsageError);
    await expect(unknown).rejects.toThrow(/unknown model "knn".*\(available: pretrained, pretrained:fine-tune\)/);
  });

  it('gate says which model it gated, by default and with --model', async () => {
    const knn = await bench(registerGate, ['gate', '--baseline', bundle(knnReference), '--current', bundle(knnCurrent)]);
    expect(knn.code).toBe(1); // Δ −0.1 within maxDrop 0.5, but significantly worse: Holm p = 2/1024 < α
    expect(knn.out).toMatch(/\*\*FAIL\*\*: significantly worse: Δ -0\.1000, Holm-adjusted p 0\.00195 < α 0\.05/);
    expect(knn.out).toMatch(/model gated: pretrained:knn at 100% labels \(the spec of knn-ref has no linear-probe; its first protocol is knn\)\n$/);
  });

  it('gate --model picks the fine-tuned model and refuses one the baseline lacks', async () => {
    const [ref, cur] = [bundle(bothReference), bundle(bothCurrent)];
    const fineTune = await bench(registerGate, ['gate', '--baseline', ref, '--current', cur, '--model', 'pretrained:fine-tune']);
    expect(fineTune.code).toBe(0);
    expect(fineTune.out).toMatch(/\| kl \| accuracy \| 0\.920 \| 0\.980 \|/);
    expect(fineTune.out).toContain('model gated: pretrained:fine-tune at 100% labels (chosen with --model)');
    await expect(bench(registerGate, ['gate', '--baseline', ref, '--current', cur, '--model', 'random-init:knn'])).rejects.toThrow(
      /--model: model "random-init:knn" was not evaluated in .*both-ref\.json \(available: pretrained, pretrained:fine-tune\)/,
    );
  });
});

describe('the HTML report of a spec without a linear probe', () => {
  it('draws the confusion matrix of its headline model', async () => {
    const html = await renderHtmlReport({ runs: [{ result: knnReference.result, evidence: knnReference.tasks }], skipped: [] });
    expect(html).toContain('pretrained:knn at label fraction 1');
  }, 30_000);
});
