// The per-job Markdown report (report.md beside result.json) with its figures as SVG files.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobResult, TaskResult } from '../dsl/results.ts';
import { labelEfficiencySpec, trainingCurvesSpec } from './charts.ts';
import { formatFraction, formatPValue, formatValue } from './format.ts';
import { markdownTable } from './markdown.ts';
import { renderVegaLite } from './render-svg.ts';
import {
  comparisonsTable,
  formatLevel,
  heldOutComparisonsTable,
  heldOutScoresTable,
  labelEfficiencyTable,
  labelEfficiencyVerdict,
  primaryIntervalsTable,
  scoresTable,
  type TableData,
} from './results-table.ts';
import { describeSkippedInput, skippedInputs } from './skipped-inputs.ts';
import { degenerateModelNotes } from './degenerate-models.ts';
import { testLegend } from './test-descriptions.ts';

function verdicts(task: TaskResult, comparisons = task.comparisons): string[] {
  return comparisons.map((c) => {
    const direction = c.effect.value >= 0 ? 'higher' : 'lower';
    const claim = c.significant ? `significantly ${direction}` : 'not significantly different';
    return (
      `- At ${formatFraction(c.fraction)} labels, **${c.model}** ${c.metric} is ${claim} than **${c.baseline}**: ` +
      `Δ = ${formatValue(c.effect.value)} (${formatLevel(c.effect.ci.confidence)} CI ${formatValue(c.effect.ci.lower)} to ${formatValue(c.effect.ci.upper)}, ` +
      `${c.effect.ci.method}); ${c.test} p = ${formatPValue(c.pValue)} (α = ${c.alpha}).`
    );
  });
}

/** A titled Markdown table, or nothing when the table is absent (a result written before the field existed). */
function titledTable(table: TableData | undefined): string[] {
  return table ? ['', `**${table.title}**`, '', markdownTable(table)] : [];
}

function labelEfficiencySection(task: TaskResult): string[] {
  const efficiency = task.labelEfficiency;
  if (!efficiency) return [];
  return [...titledTable(labelEfficiencyTable(task)), '', `- ${labelEfficiencyVerdict(efficiency, (text) => `**${text}**`)}`];
}

/** Scores and paired tests on the data set's held-out test part; nothing without a split. */
function heldOutSection(task: TaskResult): string[] {
  if (!task.heldOut) return [];
  return [
    '',
    `### Held-out test`,
    '',
    'Cross-validation above ran on the train part only; each model was also trained on the whole train part and scored once on the test part.',
    ...titledTable(heldOutScoresTable(task)),
    ...titledTable(heldOutComparisonsTable(task)),
    '',
    ...verdicts(task, task.heldOut.comparisons),
  ];
}

function pretrainingSection(result: JobResult): string[] {
  const p = result.pretraining;
  const last = p.log.at(-1);
  const lines = [`## Pretraining`, ``, `- method: ${p.method}, ${p.steps} steps in ${p.wallSec.toFixed(1)} s (${p.imagesPerSec.toFixed(1)} images/s)`];
  if (p.steps === 0 && result.spec.backbone.init === 'random') {
    lines.push(
      "- no pretraining and a random init: the evaluated backbone ('pretrained') is the random initialisation, so its rows " +
        "equal the 'random-init' baseline's; set `backbone.init` to a checkpoint to evaluate a pretrained model without pretraining here",
    );
  }
  if (last) {
    lines.push(
      `- final loss ${formatValue(last.loss)}, teacher entropy ${formatValue(last.teacherEntropy)} nats ` +
        `(ln K = ${formatValue(Math.log(result.spec.pretrain.head.outDim))}), feature std ×√d ${formatValue(last.featureStd)}`,
    );
  }
  return lines;
}

export async function writeJobReport(result: JobResult, dir: string): Promise<string> {
  const figures = join(dir, 'figures');
  await mkdir(figures, { recursive: true });
  const env = result.environment;
  const lines: string[] = [
    `# ${result.name} — job ${result.jobId}`,
    ``,
    result.spec.description || '',
    ``,
    `- sweep point: ${Object.keys(result.sweepPoint).length ? JSON.stringify(result.sweepPoint) : '(none)'}`,
    ...result.datasets.map(
      (d) => `- data for ${d.task}: ${d.source}: ${d.nSamples} images of ${d.nPatients} patients, class counts ${d.classCounts.join('/')}`,
    ),
    ...skippedInputs(result).map((s) => `- skipped input (data.onInvalid skip): ${describeSkippedInput(s)}`),
    `- backbone: ViT ${result.spec.backbone.preset}/${result.spec.backbone.patchSize}, init ${result.spec.backbone.init}`,
    `- environment: backend ${env.backend}, Node ${env.node}, ${env.platform}, commit ${env.gitCommit}, ${env.durationSec.toFixed(0)} s`,
    ``,
    ...pretrainingSection(result),
  ];
  const curves = trainingCurvesSpec(result);
  if (curves) {
    await writeFile(join(figures, 'training.svg'), await renderVegaLite(curves));
    lines.push('', '![DINO training curves](figures/training.svg)');
  }
  for (const task of result.tasks) {
    const efficiency = `${task.task}-label-efficiency.svg`;
    await writeFile(join(figures, efficiency), await renderVegaLite(labelEfficiencySpec(task)));
    const scores = scoresTable(task);
    const comparisons = comparisonsTable(task);
    lines.push(
      '',
      `## Task ${task.task}`,
      '',
      `${task.nSamples} images, ${task.nPatients} patients, ${task.folds.length}-fold cross-validation grouped by patient.`,
      '',
      `**${scores.title}**`,
      '',
      markdownTable(scores),
      '',
      ...degenerateModelNotes(task).flatMap((note) => [`> Note: ${note}`, '']),
      `**${comparisons.title}**`,
      '',
      markdownTable(comparisons),
      '',
      ...testLegend(task).map((line) => `- ${line}`),
      '',
      ...verdicts(task),
      ...titledTable(primaryIntervalsTable(task)),
      ...labelEfficiencySection(task),
      '',
      `![label efficiency](figures/${efficiency})`,
      ...heldOutSection(task),
    );
  }
  lines.push('', '## Resolved spec', '', '```json', JSON.stringify(result.spec, null, 2), '```', '');
  const path = join(dir, 'report.md');
  await writeFile(path, lines.join('\n'));
  return path;
}
