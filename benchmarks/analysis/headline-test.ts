// The paired test of one task's headline predictions (headline-model.ts) in two runs already found comparable:
// what `bench compare` and `bench gate` both ask, with the model they were told to compare.
import type { Rng } from '../rng.ts';
import { pairedRunTest, type PairedRunTest } from './paired-run-test.ts';
import { poolPredictions, sharedGroups, type Headline, type RunEvidence } from './run-evidence.ts';

export interface HeadlineTestSettings {
  confidence: number;
  bootstrap: number;
  rng: Rng;
}

/** Throws when a run lacks the headline's predictions: call it only after comparabilityProblems found none. */
export function pairedHeadlineTest(
  baseline: RunEvidence,
  current: RunEvidence,
  task: string,
  headline: Headline,
  metric: string,
  numClasses: number,
  settings: HeadlineTestSettings,
): PairedRunTest {
  const evidence = baseline.tasks[task];
  const pooledBaseline = poolPredictions(evidence, headline);
  const pooledCurrent = poolPredictions(current.tasks[task], headline);
  if (!pooledBaseline || !pooledCurrent) throw new Error(`task "${task}": no predictions of ${headline.model} at label fraction ${headline.fraction} in both runs`);
  return pairedRunTest({
    metric,
    labels: evidence.labels,
    groups: sharedGroups(evidence, current.tasks[task]),
    numClasses,
    baseline: pooledBaseline,
    current: pooledCurrent,
    ...settings,
  });
}
