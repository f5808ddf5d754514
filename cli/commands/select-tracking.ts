// Logs a selection to MLflow as one run: candidates and estimators as params, every score as
// `select.<estimator>.<candidate>`, each ranking's agreement as `select.kendall_tau.<estimator|mean_rank>`, and the
// report and result JSON as artifacts. A rerun of the same selection finds its run by tag and replaces its metrics.
import { selectionResultJson, type SelectionResult } from '../../benchmarks/selection/selection-result.ts';
import type { MetricPoint, ParamValue, TrackedRun, TrackingSink } from '../../tracking/sink.ts';
import { SELECT_REPORT_FILE, SELECT_RESULT_FILE } from './select-report.ts';
import { architectureLabel } from './select-tables.ts';

export const SELECTION_ID_TAG = 'orthobench.selectionId';

export function selectionParams(result: SelectionResult): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {
    'select.candidates': result.candidates.map((c) => c.name).join(','),
    'select.estimators': result.estimators.join(','),
    'select.task': result.task.id,
    'select.measure': result.measure,
    seed: result.seed,
  };
  for (const c of result.candidates) {
    params[`select.candidate.${c.name}`] = `${architectureLabel(c.preset, c.featureDim, c.patchSize)} ${c.checkpoint ?? c.init}`;
  }
  return params;
}

export function selectionMetrics(result: SelectionResult, timestamp: number): MetricPoint[] {
  const points: MetricPoint[] = [];
  const add = (key: string, value: number) => points.push({ key, value, step: 0, timestamp });
  const { summary } = result;
  result.candidates.forEach((candidate, c) => {
    for (const score of candidate.scores) add(`select.${score.estimator}.${candidate.name}`, score.score);
    add(`select.mean_rank.${candidate.name}`, summary.meanRank[c]);
    if (candidate.measured) add(`select.measured.${candidate.name}`, candidate.measured.pooled);
  });
  for (const a of summary.agreement) {
    const ranking = a.ranking === 'mean-rank' ? 'mean_rank' : a.ranking;
    add(`select.kendall_tau.${ranking}`, a.tau);
    add(`select.regret.${ranking}`, a.regret);
  }
  return points;
}

async function openSelectionRun(sink: TrackingSink, result: SelectionResult, experimentName: string): Promise<TrackedRun> {
  const experimentId = await sink.getOrCreateExperiment(experimentName);
  const existing = await sink.findRunByTag(experimentId, SELECTION_ID_TAG, result.selectionId);
  if (existing) return sink.resumeRun(experimentId, existing, { discardMetrics: true });
  return sink.createRun(experimentId, {
    runName: `${result.name} select ${result.task.id}`,
    startTime: Date.parse(result.environment.startedAt),
    tags: { [SELECTION_ID_TAG]: result.selectionId, 'mlflow.source.git.commit': result.environment.gitCommit },
  });
}

/** Logs the selection and returns the MLflow run id. */
export async function trackSelection(sink: TrackingSink, result: SelectionResult, report: string, experimentName: string): Promise<string> {
  const run = await openSelectionRun(sink, result, experimentName);
  try {
    await run.logParams(selectionParams(result));
    await run.setTags({
      'orthobench.task': result.task.id,
      'orthobench.selected': result.candidates[result.summary.order[0]].name,
      'orthobench.backend': result.environment.backend,
    });
    const finishedAt = Date.parse(result.environment.finishedAt);
    await run.logMetrics(selectionMetrics(result, finishedAt));
    await run.logArtifact(`select/${SELECT_REPORT_FILE}`, report);
    await run.logArtifact(`select/${SELECT_RESULT_FILE}`, selectionResultJson(result));
    await run.end('FINISHED', finishedAt);
  } catch (error) {
    await run.end('FAILED');
    throw error;
  }
  return run.runId;
}
