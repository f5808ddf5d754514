// A model whose pooled predictions are (nearly) one class is flagged in the report, the HTML page and the terminal,
// for label-based primary metrics only.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dominantPrediction } from '../../benchmarks/analysis/analyze-task.ts';
import { degenerateModelNotes, ONE_CLASS_SHARE } from '../../reports/degenerate-models.ts';
import { renderHtmlReport } from '../../reports/html-report.ts';
import { writeJobReport } from '../../reports/job-report.ts';
import { correctExcept, makeRun } from './make-run.ts';
import { analyzeCohort, madeCohort, madeTask, scoredPredictions, wrongOnPredictions } from './made-predictions.ts';

const STATS = { alpha: 0.05, bootstrap: 200, confidence: 0.95 };

describe('dominantPrediction', () => {
  it('is the most frequent class and its share, the lowest class on a tie', () => {
    expect(dominantPrediction([2, 0, 2, 1, 2])).toEqual({ label: 2, share: 0.6 });
    expect(dominantPrediction([1, 0, 0, 1])).toEqual({ label: 0, share: 0.5 });
    expect(dominantPrediction([])).toEqual({ label: -1, share: 0 });
  });
});

describe('degenerateModelNotes', () => {
  const cohort = madeCohort(40);
  const oneClass = scoredPredictions(cohort, 'supervised', 1, () => 0.3); // always "no"
  const nearlyOneClass = scoredPredictions(cohort, 'random-init', 1, (i) => (i === 3 ? 0.9 : 0.3)); // 39 of 40 "no"
  const learnt = wrongOnPredictions(cohort, 'pretrained', 1, [0, 5, 9]);

  it('flags models at or above the one-class share, naming the class, and leaves the others alone', () => {
    const task = analyzeCohort(cohort, madeTask(['accuracy']), [...learnt, ...oneClass, ...nearlyOneClass], STATS, 1);
    expect(task.scores.find((s) => s.model === 'supervised')?.dominantPrediction).toEqual({ label: 0, share: 1 });
    expect(task.scores.find((s) => s.model === 'random-init')?.dominantPrediction).toEqual({ label: 0, share: 39 / 40 });
    expect(39 / 40).toBeGreaterThanOrEqual(ONE_CLASS_SHARE);
    expect(degenerateModelNotes(task)).toEqual([
      'supervised at 100% labels predicts no for 100 % of the samples: it has not learnt the task (a one-class classifier), so comparisons against it say little.',
      'random-init at 100% labels predicts no for 98 % of the samples: it has not learnt the task (a one-class classifier), so comparisons against it say little.',
    ]);
  });

  it('says nothing for AUROC tasks (a constant argmax can still rank well) or for results stored before the field', () => {
    const auroc = analyzeCohort(cohort, madeTask(['auroc', 'accuracy']), [...learnt, ...oneClass], STATS, 1);
    expect(degenerateModelNotes(auroc)).toEqual([]);
    const accuracy = analyzeCohort(cohort, madeTask(['accuracy']), [...learnt, ...oneClass], STATS, 1);
    const older = { ...accuracy, scores: accuracy.scores.map(({ dominantPrediction: _, ...rest }) => rest) };
    expect(degenerateModelNotes(older)).toEqual([]);
  });

  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('puts the note under the scores table of report.md and the HTML report', async () => {
    const task = analyzeCohort(cohort, madeTask(['accuracy']), [...learnt, ...oneClass], STATS, 1);
    const run = makeRun('job', [{ id: 'kl', labels: cohort.labels, correct: correctExcept(cohort.n, []) }]);
    run.result.tasks = [task];
    const dir = mkdtempSync(join(tmpdir(), 'degenerate-'));
    dirs.push(dir);
    const report = readFileSync(await writeJobReport(run.result, dir), 'utf8');
    expect(report).toMatch(/\| supervised \| 100% \|[^\n]*\n\n> Note: supervised at 100% labels predicts no for 100 % of the samples/);
    const html = await renderHtmlReport({ runs: [{ result: run.result }], skipped: [] });
    expect(html).toContain('<p class="note">Note: supervised at 100% labels predicts no for 100 % of the samples');
  });
});
