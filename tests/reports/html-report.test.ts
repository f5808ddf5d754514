// Renders a report from constructed runs (two binary tasks, a 2-D sweep) and opens it in headless Chromium:
// the page must load without console errors and contain every figure. The screenshot is kept under
// tmp/test-artifacts/ (gitignored). Skipped, with a message, where Chromium is not installed (.ci/run installs it).
import { describe, it, expect, beforeAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TrainingLogEntry } from '../../dsl/results.ts';
import { renderHtmlReport, type ReportRun } from '../../reports/html-report.ts';
import { rocPoints } from '../../reports/report-charts.ts';
import { alternatingLabels, correctExcept, makeRun, range } from './make-run.ts';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
const ARTIFACTS = resolve('tmp/test-artifacts');
const N = 60;
const labels = alternatingLabels(N);

function madeReportRun(jobId: string, point: Record<string, number>, wrong: number[]): ReportRun {
  const scores = labels.map((y, i) => (y === 1 ? 0.55 + ((i * 7) % 40) / 100 : 0.05 + ((i * 11) % 60) / 100));
  const run = makeRun(jobId, [
    { id: 'oa-binary', labels, correct: correctExcept(N, wrong), scores },
    { id: 'effusion', labels, correct: correctExcept(N, range(0, 5)) },
  ], [], point);
  const log: TrainingLogEntry[] = range(0, 5).map((step) => ({ step: step * 10, loss: 5 - step * 0.5, teacherEntropy: 6 - step * 0.3, featureStd: 0.8, lr: 1e-4, momentum: 0.996, teacherTemp: 0.04, imagesPerSec: 30 }));
  run.result.pretraining.log = log;
  // Two more models so the critical-difference diagram has something to rank.
  for (const task of run.result.tasks) {
    const pretrained = task.scores[0];
    task.scores.push({ model: 'random-init', fraction: 1, metrics: pretrained.metrics.map((m) => ({ ...m, pooled: m.pooled - 0.1 })) });
    task.scores.push({ model: 'supervised', fraction: 1, metrics: pretrained.metrics.map((m) => ({ ...m, pooled: m.pooled - 0.05 })) });
  }
  return { result: run.result, evidence: run.tasks };
}

const sweep = [
  madeReportRun('job-a', { 'pretrain.steps': 100, 'pretrain.ema.start': 0.99 }, range(0, 6)),
  madeReportRun('job-b', { 'pretrain.steps': 200, 'pretrain.ema.start': 0.99 }, range(0, 4)),
  madeReportRun('job-c', { 'pretrain.steps': 100, 'pretrain.ema.start': 0.996 }, range(0, 8)),
  madeReportRun('job-d', { 'pretrain.steps': 200, 'pretrain.ema.start': 0.996 }, range(0, 2)),
];

describe('rocPoints', () => {
  it('matches sklearn roc_curve(drop_intermediate=False) on a hand example', () => {
    // y = [0, 0, 1, 1], s = [0.1, 0.4, 0.35, 0.8]: fpr [0, 0, 0.5, 0.5, 1], tpr [0, 0.5, 0.5, 1, 1]
    expect(rocPoints([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toEqual([
      { fpr: 0, tpr: 0 }, { fpr: 0, tpr: 0.5 }, { fpr: 0.5, tpr: 0.5 }, { fpr: 0.5, tpr: 1 }, { fpr: 1, tpr: 1 },
    ]);
  });
});

describe('renderHtmlReport', () => {
  let html = '';
  beforeAll(async () => {
    html = await renderHtmlReport({ runs: sweep, skipped: [] });
  }, 60_000);

  it('is self-contained: no scripts, no external resources', () => {
    expect(html).not.toMatch(/<script|<link|@import|url\(http/i);
    expect(html).not.toMatch(/(src|href)="https?:/i);
  });

  it('has every figure of every job, the heatmap and the skipped-inputs list', () => {
    for (const id of ['heatmap-oa-binary', 'heatmap-effusion', 'skipped-none']) expect(html).toContain(`id="${id}"`);
    for (const job of ['job-a', 'job-d']) {
      for (const prefix of ['training', 'critical-difference', 'label-efficiency', 'roc', 'confusion']) {
        expect(html).toMatch(new RegExp(`<figure id="${prefix}-${job}[^"]*" class="figure"><svg`));
      }
    }
  });

  it('notes why the critical-difference diagram is skipped for a single task', async () => {
    const single = makeRun('one', [{ id: 'oa-binary', labels, correct: correctExcept(N, []) }]);
    const page = await renderHtmlReport({ runs: [{ result: single.result, evidence: single.tasks }], skipped: ['runs/x: no result.json'] });
    expect(page).toContain('Critical-difference diagram skipped: needs at least 2 tasks (this run has 1)');
    expect(page).toContain('<li>runs/x: no result.json</li>');
  }, 30_000);

  it.skipIf(!CHROMIUM)('renders in headless Chromium without console errors; screenshot kept', () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const page = join(ARTIFACTS, 'report.html');
    writeFileSync(page, html);
    const profile = mkdtempSync(join(tmpdir(), 'chromium-'));
    const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`, '--enable-logging=stderr', '--v=0'];
    const dump = spawnSync(CHROMIUM!, [...flags, '--dump-dom', `file://${page}`], { encoding: 'utf8', timeout: 60_000 });
    expect(dump.status).toBe(0);
    expect(dump.stderr).not.toMatch(/CONSOLE|Uncaught|ERR_FILE_NOT_FOUND|net::ERR/);
    const dom = dump.stdout;
    const figures = dom.match(/<figure id="[^"]+" class="figure"><svg/g) ?? [];
    expect(figures).toHaveLength(2 + 4 * (2 + 3 * 2)); // 2 heatmaps + per job: training, CD, and per task: efficiency, ROC, confusion
    const shot = join(ARTIFACTS, 'report.png');
    execFileSync(CHROMIUM!, [...flags, '--hide-scrollbars', '--window-size=1200,2400', `--screenshot=${shot}`, `file://${page}`], { timeout: 60_000, stdio: 'ignore' });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
  }, 120_000);
});
