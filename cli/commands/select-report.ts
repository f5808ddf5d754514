// The Markdown report of a selection (select-report.md) and the files `--out <dir>` writes: the report and
// select-result.json, the same JSON `--json` prints and MLflow stores.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { selectionResultJson, type SelectionResult } from '../../benchmarks/selection/selection-result.ts';
import { markdownTable } from '../../reports/markdown.ts';
import { agreementTable, selectionTable } from './select-tables.ts';

export const SELECT_REPORT_FILE = 'select-report.md';
export const SELECT_RESULT_FILE = 'select-result.json';

const AGGREGATE_NOTE =
  'The aggregate ranks candidates by their mean rank over the estimators (a Borda count): the estimators score on ' +
  'unrelated scales, so their ranks are averaged, not their scores. A candidate an estimator failed on ranks last for it.';

export function selectionMarkdown(result: SelectionResult): string {
  const selection = selectionTable(result);
  const agreement = agreementTable(result);
  const best = result.candidates[result.summary.order[0]];
  const lines = [
    `# Backbone selection: ${result.name} → ${result.task.id}`,
    '',
    ...(result.description ? [result.description, ''] : []),
    `- Task: ${result.task.id} v${result.task.version}, ${result.task.numClasses} classes, primary metric ${result.task.primaryMetric} (per ${result.task.unit})`,
    `- Data: ${result.data.nSamples} images of ${result.data.nPatients} patients from ${result.data.source}`,
    `- Estimators: ${result.estimators.join(', ')} (seed ${result.seed}), on frozen CLS features`,
    `- Measured: ${result.measure === 'linear-probe' ? `${result.folds}-fold patient-grouped linear probe, pooled out-of-fold ${result.task.primaryMetric}` : 'not measured (select.measure: none)'}`,
    `- Selection id ${result.selectionId}; ${result.environment.durationSec.toFixed(1)} s on ${result.environment.backend}`,
    '',
    '## Selection',
    '',
    markdownTable(selection),
    '',
    `**Selected: ${best.name}** (best mean rank ${result.summary.meanRank[result.summary.order[0]].toFixed(2)}). ${AGGREGATE_NOTE}`,
    ...failureLines(result),
  ];
  if (agreement) {
    lines.push('', '## Agreement with the measured ranking', '', markdownTable(agreement), '');
    lines.push(
      `Kendall's τ-b (ties shrink the denominator, as scipy.stats.kendalltau) between each ranking's scores and the measured ` +
        `${result.task.primaryMetric}; regret is the measured ${result.task.primaryMetric} lost by taking the ranking's first candidate instead of the measured best. ` +
        `With ${result.candidates.length} candidates a τ can only take a few values, so read p with care.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function failureLines(result: SelectionResult): string[] {
  const failures = result.candidates.flatMap((c) => c.scores.filter((s) => s.error !== undefined).map((s) => `- ${s.estimator} on ${c.name}: ${s.error}`));
  return failures.length ? ['', 'Estimators that rejected a candidate’s features:', '', ...failures] : [];
}

/** Writes the report and the result JSON into `dir` (created if needed); returns the report's path. */
export async function writeSelectionFiles(result: SelectionResult, report: string, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, SELECT_RESULT_FILE), selectionResultJson(result));
  const reportPath = join(dir, SELECT_REPORT_FILE);
  await writeFile(reportPath, report);
  return reportPath;
}
