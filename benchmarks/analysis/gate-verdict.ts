// The CI regression gate: a gated metric fails when the current run is significantly worse than the baseline
// (paired test on the same samples, Holm-corrected across gates), drops more than the gate's maxDrop, or cannot
// be checked at all (the metric or its test is undefined): a degenerate gate never passes silently. The model gated
// is the baseline's headline model (headline-model.ts) or the one the caller chose.
import type { GateSpec } from '../../dsl/types.ts';
import type { Rng } from '../rng.ts';
import { comparabilityProblems } from './comparability.ts';
import { holmOverDefined } from './finite-holm.ts';
import { chooseHeadlineModel, headlineOf } from './headline-model.ts';
import { pairedHeadlineTest } from './headline-test.ts';
import type { PairedRunTest } from './paired-run-test.ts';
import type { Headline, RunEvidence } from './run-evidence.ts';

export type GateStatus = 'pass' | 'fail';

export interface GateOutcome extends PairedRunTest {
  gate: GateSpec;
  /** The model gated and the label fraction of its predictions (its largest in the baseline's task). */
  headline: Headline;
  /** Holm-adjusted over the gates whose test is defined; NaN for an undefined test. */
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
  /** The model to gate (checked against the baseline's models); default: the baseline's headline model. */
  model?: string;
}

function failureReasons(test: PairedRunTest, adjustedPValue: number, gate: GateSpec): string[] {
  if (!Number.isFinite(test.baselineValue) || !Number.isFinite(test.currentValue)) {
    return [`cannot be checked: ${test.note ?? `${test.metric} is undefined`}`];
  }
  const reasons: string[] = [];
  if (!Number.isFinite(test.pValue)) reasons.push(`cannot be checked: ${test.note ?? 'the paired test is undefined'}`);
  else if (test.delta < 0 && adjustedPValue < gate.alpha) {
    reasons.push(`significantly worse: Δ ${test.delta.toFixed(4)}, Holm-adjusted p ${adjustedPValue.toPrecision(3)} < α ${gate.alpha}`);
  }
  if (-test.delta > gate.maxDrop) reasons.push(`dropped ${(-test.delta).toFixed(4)} > maxDrop ${gate.maxDrop}`);
  return reasons;
}

/** Throws a RangeError when options.model names a model the baseline did not evaluate. */
export function evaluateGates(baseline: RunEvidence, current: RunEvidence, gates: readonly GateSpec[], options: GateOptions): GateVerdict {
  const { model } = chooseHeadlineModel(baseline, options.model);
  if (gates.length === 0) return { kind: 'not-comparable', problems: ['no gates: add `gates: [{task, metric, maxDrop, alpha}]` to the spec or pass --gates'] };
  const headlines = gates.map((gate) => headlineOf(baseline.tasks[gate.task], model));
  const problems = gates.flatMap((gate, g) => comparabilityProblems(baseline, current, gate.task, headlines[g]));
  if (problems.length) return { kind: 'not-comparable', problems: [...new Set(problems)] };

  const tests = gates.map((gate, g) => {
    const task = baseline.result.tasks.find((t) => t.task === gate.task)!;
    return pairedHeadlineTest(baseline, current, gate.task, headlines[g], gate.metric, task.labels.length, {
      confidence: options.confidence,
      bootstrap: options.bootstrap,
      rng: options.rng.fork(`gate:${g}`),
    });
  });
  // Holm's adjusted p-values do not depend on α, so each gate can keep its own α against them.
  const adjusted = holmOverDefined(tests.map((t) => t.pValue)).adjustedPValues;
  const outcomes = gates.map((gate, g): GateOutcome => {
    const reasons = failureReasons(tests[g], adjusted[g], gate);
    return { ...tests[g], gate, headline: headlines[g], adjustedPValue: adjusted[g], status: reasons.length ? 'fail' : 'pass', reasons };
  });
  return { kind: 'checked', passed: outcomes.every((o) => o.status === 'pass'), outcomes };
}
