// The HTML report carries what report.md states per task beyond the tables: the pooled primary metric's percentile
// and BCa intervals and the label-efficiency tests with their verdict sentence (escaped, no Markdown), and renders
// results written before those fields existed without them.
import { describe, expect, it } from 'vitest';
import type { TaskResult } from '../../dsl/results.ts';
import { formatInterval } from '../../reports/format.ts';
import { renderHtmlReport } from '../../reports/html-report.ts';
import { correctExcept, makeRun, range } from './make-run.ts';
import { analyzeCohort, madeCohort, madeTask, wrongOnPredictions } from './made-predictions.ts';

const N = 120;
const cohort = madeCohort(N);

// supervised@100 % and pretrained at 100 % and 50 % miss the same 12 samples; pretrained@25 % misses 36.
const predictions = [
  ...wrongOnPredictions(cohort, 'supervised', 1, range(0, 12)),
  ...wrongOnPredictions(cohort, 'pretrained', 1, range(0, 12)),
  ...wrongOnPredictions(cohort, 'pretrained', 0.5, range(0, 12)),
  ...wrongOnPredictions(cohort, 'pretrained', 0.25, range(0, 36)),
];

function analyzed(alpha = 0.05): TaskResult {
  return analyzeCohort(cohort, madeTask(), predictions, { alpha, bootstrap: 200, confidence: 0.95 }, 7);
}

async function htmlOf(taskResult: TaskResult | undefined): Promise<string> {
  const run = makeRun('job', [{ id: 'kl', labels: cohort.labels, correct: correctExcept(N, range(0, 12)) }]);
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
