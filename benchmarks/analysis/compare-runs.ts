// `bench compare`: each other run against the first on every shared task's primary metric, paired on the same
// samples, with Holm's correction across the tasks of one pair (Holm 1979) so "win"/"loss" controls the FWER.
import type { Rng } from '../rng.ts';
import { holmCorrection } from '../stats/multiple-testing.ts';
import { comparabilityProblems } from './comparability.ts';
import { pairedTaskTest, type PairedRunTest } from './paired-run-test.ts';
import { defaultHeadline, type RunEvidence } from './run-evidence.ts';

export type CompareMark = 'win' | 'loss' | 'n.s.';

export interface CompareRow extends PairedRunTest {
  baselineRun: string;
  currentRun: string;
  task: string;
  adjustedPValue: number;
  mark: CompareMark;
}

export interface CompareOptions {
  alpha: number;
  confidence: number;
  bootstrap: number;
  rng: Rng;
}

export interface CompareOutcome {
  rows: CompareRow[];
  /** Tasks that could not be compared, with why. */
  skipped: string[];
}

export function compareRuns(runs: readonly RunEvidence[], options: CompareOptions): CompareOutcome {
  if (runs.length < 2) throw new RangeError(`compare needs at least two runs (got ${runs.length})`);
  const [reference, ...others] = runs;
  const rows: CompareRow[] = [];
  const skipped: string[] = [];
  for (const other of others) {
    const pairRows: Array<Omit<CompareRow, 'adjustedPValue' | 'mark'>> = [];
    for (const task of reference.result.tasks) {
      const evidence = reference.tasks[task.task];
      const headline = evidence ? defaultHeadline(evidence) : { model: 'pretrained' as const, fraction: 1 };
      const problems = comparabilityProblems(reference, other, task.task, headline);
      if (problems.length) {
        skipped.push(`${other.result.jobId} vs ${reference.result.jobId}: ${problems.join('; ')}`);
        continue;
      }
      const test = pairedTaskTest(reference, other, task.task, task.primaryMetric, task.labels.length, {
        confidence: options.confidence,
        bootstrap: options.bootstrap,
        rng: options.rng.fork(`${other.result.jobId}:${task.task}`),
      });
      pairRows.push({ ...test, baselineRun: reference.result.jobId, currentRun: other.result.jobId, task: task.task });
    }
    if (pairRows.length === 0) continue;
    const holm = holmCorrection(pairRows.map((r) => r.pValue), options.alpha);
    pairRows.forEach((row, i) => {
      const mark: CompareMark = holm.reject[i] ? (row.delta > 0 ? 'win' : 'loss') : 'n.s.';
      rows.push({ ...row, adjustedPValue: holm.adjustedPValues[i], mark });
    });
  }
  return { rows, skipped };
}
