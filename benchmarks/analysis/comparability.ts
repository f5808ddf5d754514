// Whether two runs can be tested against each other on one task: a paired test is only valid on the same
// samples (same labels and, where both runs stored them, patient ids) and folds, scored under the same task
// version. Returns every reason it is not.
import { poolPredictions, type Headline, type RunEvidence } from './run-evidence.ts';

function sameValues<T>(a: readonly T[], b: readonly T[]): boolean {
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
  const before = problems.length;
  if (!sameValues(a.labels, b.labels)) {
    problems.push(`task "${task}" was evaluated on different samples (${a.labels.length} vs ${b.labels.length} samples, or different labels)`);
  } else if (a.foldTests.length !== b.foldTests.length || a.foldTests.some((fold, k) => !sameValues(fold, b.foldTests[k]))) {
    problems.push(`task "${task}" used different folds (${a.foldTests.length} vs ${b.foldTests.length}, or different test samples)`);
  } else if (a.groups && b.groups && !sameValues(a.groups, b.groups)) {
    problems.push(`task "${task}" has the same labels and folds but different patient ids: not the same samples`);
  }
  for (const [label, run] of [['baseline', a], ['current run', b]] as const) {
    if (!run.predictions.some((p) => p.model === headline.model && p.fraction === headline.fraction)) {
      problems.push(`the ${label} has no predictions of ${headline.model} at label fraction ${headline.fraction} for task "${task}"`);
    }
  }
  const pooledA = poolPredictions(a, headline);
  const pooledB = poolPredictions(b, headline);
  // Only worth saying when the samples and folds agree; otherwise it follows from what was said already.
  if (problems.length === before && pooledA && pooledB && !sameValues(pooledA.indices, pooledB.indices)) {
    problems.push(
      `task "${task}": the predictions of ${headline.model} at label fraction ${headline.fraction} cover different samples ` +
        `(${pooledA.indices.length} in the baseline, ${pooledB.indices.length} in the current run: a fold's predictions are missing)`,
    );
  }
  return problems;
}
