// `bench compare`: each other run against the first on every shared task's primary metric, paired on the same
// samples, with Holm's correction across the tasks of one pair (Holm 1979) so "win"/"loss" controls the FWER.
// The model compared is the reference's headline model (headline-model.ts) or the one the caller chose.
import type { ModelKind } from '../../dsl/results.ts';
import type { Rng } from '../rng.ts';
import { comparabilityProblems } from './comparability.ts';
import { holmOverDefined } from './finite-holm.ts';
import { chooseHeadlineModel, headlineOf, type HeadlineModel } from './headline-model.ts';
import { pairedHeadlineTest } from './headline-test.ts';
import type { PairedRunTest } from './paired-run-test.ts';
import type { RunEvidence } from './run-evidence.ts';

export type CompareMark = 'win' | 'loss' | 'n.s.';

export interface CompareRow extends PairedRunTest {
  baselineRun: string;
  currentRun: string;
  task: string;
  /** The model compared and the label fraction of its predictions (its largest in the reference's task). */
  model: ModelKind;
  fraction: number;
  /** NaN when the test is undefined (see `note`); such a row is never a win or a loss. */
  adjustedPValue: number;
  mark: CompareMark;
}

export interface CompareOptions {
  alpha: number;
  confidence: number;
  bootstrap: number;
  rng: Rng;
  /** The model to compare (checked against the reference's models); default: the reference's headline model. */
  model?: string;
}

export interface CompareOutcome {
  /** The model every row compares, and why it was chosen. */
  headline: HeadlineModel;
  rows: CompareRow[];
  /** Tasks of the reference that another run did not evaluate: nothing to compare, not an error. */
  skipped: string[];
  /** Tasks both runs evaluated that cannot be tested against each other (task version, samples, folds), with why. */
  notComparable: string[];
}

/** Throws a RangeError when options.model names a model the reference did not evaluate. */
export function compareRuns(runs: readonly RunEvidence[], options: CompareOptions): CompareOutcome {
  if (runs.length < 2) throw new RangeError(`compare needs at least two runs (got ${runs.length})`);
  const [reference, ...others] = runs;
  const headlineModel = chooseHeadlineModel(reference, options.model);
  const outcome: CompareOutcome = { headline: headlineModel, rows: [], skipped: [], notComparable: [] };
  for (const other of others) {
    const pair = `${other.result.jobId} vs ${reference.result.jobId}`;
    const pairRows: Array<Omit<CompareRow, 'adjustedPValue' | 'mark'>> = [];
    for (const task of reference.result.tasks) {
      if (!other.result.tasks.some((t) => t.task === task.task)) {
        outcome.skipped.push(`${pair}: task "${task.task}" is not in ${other.source}`);
        continue;
      }
      const headline = headlineOf(reference.tasks[task.task], headlineModel.model);
      const problems = comparabilityProblems(reference, other, task.task, headline);
      if (problems.length) {
        outcome.notComparable.push(`${pair}: ${problems.join('; ')}`);
        continue;
      }
      const test = pairedHeadlineTest(reference, other, task.task, headline, task.primaryMetric, task.labels.length, {
        confidence: options.confidence,
        bootstrap: options.bootstrap,
        rng: options.rng.fork(`${other.result.jobId}:${task.task}`),
      });
      pairRows.push({ ...test, baselineRun: reference.result.jobId, currentRun: other.result.jobId, task: task.task, ...headline });
    }
    for (const task of other.result.tasks) {
      if (!reference.result.tasks.some((t) => t.task === task.task)) outcome.skipped.push(`${pair}: task "${task.task}" is not in the reference ${reference.source}`);
    }
    const holm = holmOverDefined(pairRows.map((r) => r.pValue), options.alpha);
    pairRows.forEach((row, i) => {
      const mark: CompareMark = holm.reject[i] ? (row.delta > 0 ? 'win' : 'loss') : 'n.s.';
      outcome.rows.push({ ...row, adjustedPValue: holm.adjustedPValues[i], mark });
    });
  }
  return outcome;
}
