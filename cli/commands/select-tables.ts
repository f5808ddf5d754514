// The two tables of a selection, shared by the terminal and the Markdown report: candidates best first with each
// estimator's score (and rank), the mean rank and the measured probe metric; then each ranking's agreement with
// the measured one (Kendall's τ-b, p, the candidate it selects and the regret of selecting it).
import type { SelectionResult } from '../../benchmarks/selection/selection-result.ts';
import { formatPValue, formatValue } from '../../reports/format.ts';
import type { TableData } from '../../reports/results-table.ts';

/** A mid-rank as written by people: 1, 2.5. */
function formatRank(rank: number): string {
  return Number.isInteger(rank) ? String(rank) : rank.toFixed(1);
}

function formatScore(score: number): string {
  return Number.isFinite(score) ? formatValue(score, 4) : 'failed';
}

/** "nano/4", or the width for a checkpoint that matches no preset ("16-d/4"). */
export function architectureLabel(preset: string | undefined, width: number, patchSize: number): string {
  return `${preset ?? `${width}-d`}/${patchSize}`;
}

function describeInit(candidate: SelectionResult['candidates'][number]): string {
  const architecture = architectureLabel(candidate.preset, candidate.featureDim, candidate.patchSize);
  return candidate.init === 'random' ? `${architecture} random` : `${architecture} ${candidate.init}`;
}

export function selectionTable(result: SelectionResult): TableData {
  const { summary } = result;
  const metric = result.task.primaryMetric;
  const head = ['rank', 'candidate', 'backbone', ...summary.estimators, 'mean rank'];
  if (summary.measuredRank) head.push(`probe ${metric} (rank)`);
  const rows = summary.order.map((c) => {
    const candidate = result.candidates[c];
    const scores = summary.estimators.map((_, e) => `${formatScore(candidate.scores[e].score)} (${formatRank(summary.ranks[e][c])})`);
    const row = [formatRank(summary.aggregateRank[c]), candidate.name, describeInit(candidate), ...scores, formatValue(summary.meanRank[c], 2)];
    if (summary.measuredRank) row.push(`${formatValue(candidate.measured?.pooled ?? Number.NaN)} (${formatRank(summary.measuredRank[c])})`);
    return row;
  });
  const title = `Backbone selection for ${result.task.id} (${result.data.nSamples} images, ${result.data.nPatients} patients): estimator score (rank), rank 1 = best`;
  return { title, head, rows };
}

export function agreementTable(result: SelectionResult): TableData | undefined {
  const { agreement } = result.summary;
  if (agreement.length === 0) return undefined;
  const metric = result.task.primaryMetric;
  const rows = agreement.map((a) => [a.ranking, formatValue(a.tau, 3), formatPValue(a.pValue), String(a.n), a.selected, formatValue(a.regret, 3)]);
  const title = `Agreement with the measured ranking (${result.folds}-fold patient-grouped linear probe, pooled out-of-fold ${metric})`;
  return { title, head: ['ranking', 'Kendall τ-b', 'p', 'candidates', 'selects', `regret (${metric})`], rows };
}

export function selectionTables(result: SelectionResult): TableData[] {
  const agreement = agreementTable(result);
  return agreement ? [selectionTable(result), agreement] : [selectionTable(result)];
}
