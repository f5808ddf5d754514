// The CI regression gate: a gated metric fails when the current run is significantly worse than the baseline
// (paired test on the same samples, Holm-corrected across gates) or drops more than the gate's maxDrop.
import type { GateSpec } from '../../dsl/types.ts';
import type { Rng } from '../rng.ts';
import { holmCorrection } from '../stats/multiple-testing.ts';
import { comparabilityProblems } from './comparability.ts';
import { pairedTaskTest, type PairedRunTest } from './paired-run-test.ts';
import { defaultHeadline, type RunEvidence } from './run-evidence.ts';

export type GateStatus = 'pass' | 'fail';

export interface GateOutcome extends PairedRunTest {
  gate: GateSpec;
  adjustedPValue: number;
  status: GateStatus;
  /** Sentences saying why it failed; empty when it passed. */
  reasons: string[];
}

export type GateVerdict =
  | { kind: 'checked'; passed: boolean; outcomes: GateOutcome[] }
  /** The runs cannot be compared (exit 2): every reason found. */
  | { kind: 'not-comparable'; problems: string[] };

export interface GateOptions {
  confidence: number;
  bootstrap: number;
  rng: Rng;
}

export function evaluateGates(baseline: RunEvidence, current: RunEvidence, gates: readonly GateSpec[], options: GateOptions): GateVerdict {
  if (gates.length === 0) return { kind: 'not-comparable', problems: ['no gates: add `gates: [{task, metric, maxDrop, alpha}]` to the spec or pass --gates'] };
  const problems = gates.flatMap((gate) => {
    const evidence = baseline.tasks[gate.task];
    return comparabilityProblems(baseline, current, gate.task, evidence ? defaultHeadline(evidence) : { model: 'pretrained', fraction: 1 });
  });
  if (problems.length) return { kind: 'not-comparable', problems: [...new Set(problems)] };

  const tests = gates.map((gate, g) => {
    const task = baseline.result.tasks.find((t) => t.task === gate.task)!;
    return pairedTaskTest(baseline, current, gate.task, gate.metric, task.labels.length, {
      confidence: options.confidence,
      bootstrap: options.bootstrap,
      rng: options.rng.fork(`gate:${g}`),
    });
  });
  // Holm's adjusted p-values do not depend on α, so each gate can keep its own α against them.
  const adjusted = holmCorrection(tests.map((t) => t.pValue)).adjustedPValues;
  const outcomes = gates.map((gate, g): GateOutcome => {
    const test = tests[g];
    const reasons: string[] = [];
    if (test.delta < 0 && adjusted[g] < gate.alpha) {
      reasons.push(`significantly worse: Δ ${test.delta.toFixed(4)}, Holm-adjusted p ${adjusted[g].toPrecision(3)} < α ${gate.alpha}`);
    }
    if (-test.delta > gate.maxDrop) reasons.push(`dropped ${(-test.delta).toFixed(4)} > maxDrop ${gate.maxDrop}`);
    return { ...test, gate, adjustedPValue: adjusted[g], status: reasons.length ? 'fail' : 'pass', reasons };
  });
  return { kind: 'checked', passed: outcomes.every((o) => o.status === 'pass'), outcomes };
}
