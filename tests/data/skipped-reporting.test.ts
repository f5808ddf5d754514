// Skipped inputs travel with the run: prepareDataset stores them (data/<task>/skipped.json beside samples.csv),
// result.json carries them per dataset, MLflow gets a data.skipped metric and a skipped.json artifact, and the
// HTML report lists them under "Skipped inputs".
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getTask } from '../../benchmarks/tasks/registry.ts';
import { DEFAULTS } from '../../dsl/defaults.ts';
import type { ResolvedExperiment } from '../../dsl/types.ts';
import { renderHtmlReport } from '../../reports/html-report.ts';
import { jobMetrics, trackJob } from '../../reports/track-job.ts';
import { encodeGrayPng } from '../../runtime/data/png.ts';
import { encodeDicom, grayImageToDicom } from '../../runtime/dicom/index.ts';
import { SILENT_EVENTS } from '../../runtime/job/events.ts';
import { prepareDataset } from '../../runtime/job/prepare-dataset.ts';
import { JobStore } from '../../runtime/job/store.ts';
import { FileStoreSink } from '../../tracking/file-store.ts';
import { makeRun } from '../reports/make-run.ts';

const scratch = mkdtempSync(join(tmpdir(), 'orthobench-skipped-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const tile = { pixels: new Float32Array(256).map((_, i) => i / 256), width: 16, height: 16 };

function userData(): string {
  const root = join(scratch, 'user');
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'a.png'), encodeGrayPng(tile));
  writeFileSync(join(root, 'b.png'), encodeGrayPng(tile));
  const dicom = encodeDicom(grayImageToDicom(tile, { patientId: 'P3' }));
  writeFileSync(join(root, 'cut.dcm'), dicom.subarray(0, dicom.length - 40));
  writeFileSync(join(root, 'manifest.csv'), 'path,label,patientId,modality,split\na.png,intact,P1,mri,\nb.png,tear,P2,mri,test\ncut.dcm,tear,P3,mri,\n');
  return root;
}

describe('skipped inputs are stored with the run', () => {
  it('prepareDataset writes samples.csv, skipped.json and the held-out split into the job folder', async () => {
    const root = userData();
    const spec: ResolvedExperiment = {
      ...DEFAULTS, name: 'skip', description: '', tasks: ['acl-tear'],
      data: { ...DEFAULTS.data, source: root, imageSize: 16, onInvalid: 'skip', dir: join(scratch, 'data') },
    };
    const store = new JobStore(join(scratch, 'runs'), 'job1');
    const data = await prepareDataset(spec, getTask('acl-tear'), SILENT_EVENTS, store);
    expect(data.labels).toEqual([0, 1]);
    expect(data.heldOut).toEqual({ train: [0], test: [1] });
    expect(data.skipped).toEqual([{ path: 'cut.dcm', reason: expect.stringMatching(/truncated/), listedIn: join(root, 'manifest.csv'), line: 4 }]);
    expect(data.manifest).toBe(store.path('data', 'acl-tear', 'samples.csv'));
    expect(readFileSync(data.manifest, 'utf8')).toBe(`path,label,patientId,modality,split,examId\n${join(root, 'a.png')},0,P1,mri,,a.png\n${join(root, 'b.png')},1,P2,mri,test,b.png\n`);
    expect(JSON.parse(readFileSync(store.path('data', 'acl-tear', 'skipped.json'), 'utf8'))).toEqual(data.skipped);
    expect(JSON.parse(readFileSync(store.path('data', 'acl-tear', 'held-out-split.json'), 'utf8'))).toEqual(data.heldOut);
    // The second preparation reads both images from the preprocessing cache; the unreadable file is tried again.
    expect((await prepareDataset(spec, getTask('acl-tear'), SILENT_EVENTS)).cache).toEqual({ hits: 2, misses: 1 });
  });

  const run = makeRun('job-skip', [{ id: 'kl-grade', labels: [0, 1, 0, 1], correct: [true, true, false, true] }]).result;
  run.environment = { ...run.environment, startedAt: '2025-01-01T00:00:00.000Z', finishedAt: '2025-01-01T00:01:00.000Z' };
  run.datasets[0].skipped = [{ path: 'img/7.dcm', reason: 'file ends inside the data set (truncated?)', listedIn: '/data/manifest.csv', line: 9 }];

  it('MLflow: a data.skipped metric and a skipped.json artifact', async () => {
    expect(jobMetrics(run, 0).find((p) => p.key === 'data.skipped')?.value).toBe(1);
    const root = join(scratch, 'mlruns');
    const runId = await trackJob(new FileStoreSink(root), run, { experimentName: 'skip' });
    const experiment = readdirSync(root).find((d) => /^\d+$/.test(d) && d !== '0' && readdirSync(join(root, d)).includes(runId))!;
    const artifact = JSON.parse(readFileSync(join(root, experiment, runId, 'artifacts', 'skipped.json'), 'utf8'));
    expect(artifact).toEqual([{ task: 'kl-grade', ...run.datasets[0].skipped![0] }]);
    expect(Number(readFileSync(join(root, experiment, runId, 'metrics', 'data.skipped'), 'utf8').trim().split(' ')[1])).toBe(1);
  });

  it('the HTML report lists them under "Skipped inputs"', async () => {
    const html = await renderHtmlReport({ runs: [{ result: run }], skipped: [] });
    const section = html.slice(html.indexOf('<h2>Skipped inputs</h2>'));
    expect(section).toContain('job job-skip, data kl-grade: img/7.dcm (listed at /data/manifest.csv:9): file ends inside the data set (truncated?)');
  });
});
