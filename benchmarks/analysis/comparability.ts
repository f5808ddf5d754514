// Whether two runs can be tested against each other on one task: a paired test is only valid on the same
// samples with the same labels and folds, scored under the same task version. Returns every reason it is not.
import type { Headline, RunEvidence } from './run-evidence.ts';

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

export function comparabilityProblems(baseline: RunEvidence, current: RunEvidence, task: string, headline: Headline): string[] {
  const resultA = baseline.result.tasks.find((t) => t.task === task);
  const resultB = current.result.tasks.find((t) => t.task === task);
  const problems: string[] = [];
  if (!resultA) problems.push(`task "${task}" is not in the baseline (${baseline.source})`);
  if (!resultB) problems.push(`task "${task}" is not in the current run (${current.source})`);
  if (!resultA || !resultB) return problems;
  if (resultA.taskVersion !== resultB.taskVersion) {
    problems.push(`task "${task}" has version ${resultA.taskVersion} in the baseline but ${resultB.taskVersion} in the current run`);
  }
  const a = baseline.tasks[task];
  const b = current.tasks[task];
  if (!a || !b) {
    problems.push(`task "${task}" has no stored predictions in the ${a ? 'current run' : 'baseline'}`);
    return problems;
  }
  if (!sameNumbers(a.labels, b.labels)) {
    problems.push(`task "${task}" was evaluated on different samples (${a.labels.length} vs ${b.labels.length} samples, or different labels)`);
  } else if (a.foldTests.length !== b.foldTests.length || a.foldTests.some((fold, k) => !sameNumbers(fold, b.foldTests[k]))) {
    problems.push(`task "${task}" used different folds (${a.foldTests.length} vs ${b.foldTests.length}, or different test samples)`);
  }
  for (const [label, run] of [['baseline', a], ['current run', b]] as const) {
    if (!run.predictions.some((p) => p.model === headline.model && p.fraction === headline.fraction)) {
      problems.push(`the ${label} has no predictions of ${headline.model} at label fraction ${headline.fraction} for task "${task}"`);
    }
  }
  return problems;
}
