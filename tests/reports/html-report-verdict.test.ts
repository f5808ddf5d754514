// The HTML report carries what report.md states per task beyond the tables: the pooled primary metric's percentile
// and BCa intervals and the label-efficiency tests with their verdict sentence (escaped, no Markdown), and renders
// results written before those fields existed without them.
import { describe, expect, it } from 'vitest';
import { analyzeTask } from '../../benchmarks/analysis/analyze-task.ts';
import { Rng } from '../../benchmarks/rng.ts';
import type { TaskDefinition } from '../../benchmarks/tasks/task.ts';
import type { FoldPredictions, ModelKind, TaskResult } from '../../dsl/results.ts';
import { formatInterval } from '../../reports/format.ts';
import { renderHtmlReport } from '../../reports/html-report.ts';
import { alternatingLabels, correctExcept, makeRun, range } from './make-run.ts';

const N = 120;
const labels = alternatingLabels(N);
const groups = labels.map((_, i) => `patient-${Math.floor(i / 2)}`);
const folds = [0, 1].map((fold) => range(0, N).filter((i) => Math.floor(i / 2) % 2 === fold));
const task: TaskDefinition = {
  id: 'kl',
  version: 1,
  title: 'made task',
  modality: 'xray',
  anatomy: 'knee',
  labels: ['no', 'yes'],
  output: 'binary',
  primaryMetric: 'accuracy',
  metrics: [{ id: 'accuracy', higherIsBetter: true }],
  unit: 'image',
  source: 'synthetic:kl',
};

function predictionsOf(model: ModelKind, fraction: number, wrong: number[]): FoldPredictions[] {
  const correct = correctExcept(N, wrong);
  return folds.map((test, fold) => ({
    model,
    fraction,
    fold,
    testIndices: test,
    trainCount: N - test.length,
    predicted: test.map((i) => (correct[i] ? labels[i] : 1 - labels[i])),
    probabilities: test.map((i) => (correct[i] === (labels[i] === 1) ? [0.2, 0.8] : [0.8, 0.2])),
  }));
}

// supervised@100 % and pretrained at 100 % and 50 % miss the same 12 samples; pretrained@25 % misses 36.
const predictions = [
  ...predictionsOf('supervised', 1, range(0, 12)),
  ...predictionsOf('pretrained', 1, range(0, 12)),
  ...predictionsOf('pretrained', 0.5, range(0, 12)),
  ...predictionsOf('pretrained', 0.25, range(0, 36)),
];

function analyzed(alpha = 0.05): TaskResult {
  return analyzeTask({
    task,
    labels,
    groups,
    folds: folds.map((test) => ({ train: range(0, N).filter((i) => !test.includes(i)), test })),
    predictions,
    stats: { alpha, bootstrap: 200, confidence: 0.95 },
    rng: new Rng(7),
  });
}

async function htmlOf(taskResult: TaskResult | undefined): Promise<string> {
  const run = makeRun('job', [{ id: 'kl', labels, correct: correctExcept(N, range(0, 12)) }]);
  if (taskResult) run.result.tasks = [taskResult];
  return renderHtmlReport({ runs: [{ result: run.result, evidence: run.tasks }], skipped: [] });
}

describe('HTML report: BCa intervals and the label-efficiency verdict', () => {
  it('lists the percentile and BCa interval of the pooled primary metric per model and fraction', async () => {
    const result = analyzed();
    const html = await htmlOf(result);
    expect(html).toContain('<caption>Pooled accuracy, 95% intervals resampling patients (percentile and BCa)</caption>');
    expect(html).toContain('<th>95% percentile CI</th><th>95% BCa CI</th>');
    const summary = result.scores.find((s) => s.model === 'pretrained' && s.fraction === 0.25)!.metrics[0];
    expect(summary.bca).toBeDefined();
    expect(html).toContain(`<tr><td>pretrained</td><td>25%</td><td>0.700</td><td>${formatInterval(summary.ci)}</td><td>${formatInterval(summary.bca!)}</td></tr>`);
  }, 30_000);

  it('lists the non-inferiority test at each fraction and states the verdict as plain, escaped text', async () => {
    const html = await htmlOf(analyzed());
    expect(html).toContain('<caption>Label efficiency: pretrained at each label fraction against supervised@100% on accuracy (');
    expect(html).toContain('<tr><td>50%</td><td>0.000</td><td>0.000</td><td>0.0050</td><td>yes</td></tr>');
    expect(html).toContain('<p id="label-efficiency-verdict-job-kl" class="verdict"><strong>Label-efficiency verdict:</strong> pretrained matches supervised@100% from 50% labels (accuracy, margin 0.02, p = 0.0050).</p>');
    expect(html).not.toContain('**pretrained');
    const notAssessed = await htmlOf(analyzed(0.5));
    expect(notAssessed).toContain('class="verdict"><strong>Label-efficiency verdict:</strong> Label efficiency not assessed: α 0.5: a one-sided test needs α &lt; 0.5.</p>');
  }, 30_000);

  it('renders a result written before labelEfficiency and bca existed without them', async () => {
    const html = await htmlOf(undefined);
    expect(html).toContain('<h3>Task kl (v1)</h3>');
    expect(html).not.toContain('BCa');
    expect(html).not.toContain('class="verdict"');
  }, 30_000);
});
