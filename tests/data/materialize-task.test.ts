import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listTasks } from '../../benchmarks/tasks/registry.ts';
import { decodeGrayPng, readGrayPng } from '../../runtime/data/png.ts';
import { readManifest } from '../../runtime/data/manifest.ts';
import { materializeSyntheticTask, type SyntheticTaskRecord } from '../../runtime/data/materialize-task.ts';
import { taskPreviewSamples, writeTaskContactSheet } from '../../runtime/data/task-preview.ts';

const created: string[] = [];
afterAll(() => created.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const fresh = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'orthobench-task-data-'));
  created.push(dir);
  return dir;
};

describe('materializeSyntheticTask', () => {
  it('writes an MRI task as PNG slices with exam ids, and a record of labels, sites and hidden variables', () => {
    const dir = fresh();
    const manifest = materializeSyntheticTask('meniscus-tear', { patients: 10, imageSize: 32, seed: 3, imagesPerPatient: 5 }, dir);
    const folder = dirname(manifest);
    expect(readdirSync(dir)).toEqual([folder.split(/[\\/]/).pop()]);
    expect(readFileSync(manifest, 'utf8').split('\n')[0]).toBe('path,label,patientId,modality,examId');
    const rows = readManifest(manifest, { numClasses: 2 }).rows;
    expect(rows).toHaveLength(50);
    expect(new Set(rows.map((r) => r.examId)).size).toBe(10);
    expect(rows.every((r) => r.modality === 'mri' && r.examId?.startsWith(r.patientId))).toBe(true);
    const record = JSON.parse(readFileSync(join(folder, 'dataset.json'), 'utf8')) as SyntheticTaskRecord;
    expect(record).toMatchObject({ generator: 'synthetic:meniscus-tear', task: 'meniscus-tear', images: 50, exams: 10 });
    // The task's documented label noise applies when the caller does not set one.
    expect(record.options).toEqual({ patients: 10, imagesPerPatient: 5, labelNoise: 0.1, imageSize: 32, seed: 3 });
    expect(record.trueClassCounts.reduce((a, b) => a + b, 0)).toBe(10);
    expect(record.patients[0]).toHaveProperty('findingSlices');
    expect(record.sites).toHaveLength(4);
    expect(readGrayPng(rows[0].resolvedPath).width).toBe(32);
  });

  it('reuses a complete data set, is byte-reproducible, and regenerates when options change', () => {
    const options = { patients: 8, imageSize: 32, seed: 4 };
    const dir = fresh();
    const manifest = materializeSyntheticTask('tkr', options, dir);
    const record = join(dirname(manifest), 'dataset.json');
    const written = statSync(record).mtimeMs;
    expect(materializeSyntheticTask('tkr', options, dir)).toBe(manifest);
    expect(statSync(record).mtimeMs).toBe(written);
    const again = materializeSyntheticTask('tkr', options, fresh());
    const digest = (file: string): string => (JSON.parse(readFileSync(file, 'utf8')) as SyntheticTaskRecord).pixelSha256;
    expect(digest(join(dirname(again), 'dataset.json'))).toBe(digest(record));
    expect(materializeSyntheticTask('tkr', { ...options, labelNoise: 0.2 }, dir)).not.toBe(manifest);
    expect(existsSync(manifest)).toBe(true);
  });

  it('names an unknown task with a did-you-mean', () => {
    expect(() => materializeSyntheticTask('kl-grade-4', { patients: 8, imageSize: 32, seed: 0 }, fresh())).toThrow(/did you mean "kl-grade-4y"/);
  });
});

describe('task contact sheets', () => {
  it.each(listTasks().map((t) => [t.id, t.labels.length] as const))('%s renders a row per class', (taskId, classes) => {
    const file = join(fresh(), `${taskId}.png`);
    const sheet = writeTaskContactSheet(taskId, file, { perClass: 2, imageSize: 32, seed: 1 });
    const png = decodeGrayPng(readFileSync(file));
    // 2 tiles of 32 px and 3 gutters of 2 px across; a row of tiles per class.
    expect([png.width, png.height]).toEqual([2 * 32 + 3 * 2, classes * 32 + (classes + 1) * 2]);
    expect(sheet.width).toBe(png.width);
    const samples = taskPreviewSamples(taskId, { perClass: 2, imageSize: 32, seed: 1 });
    expect(samples.map((s) => s.label).sort()).toEqual(Array.from({ length: classes }, (_, c) => [c, c]).flat());
    for (const s of samples) {
      const mean = s.pixels.reduce((a, b) => a + b, 0) / s.pixels.length;
      const variance = s.pixels.reduce((a, b) => a + (b - mean) ** 2, 0) / s.pixels.length;
      expect(variance).toBeGreaterThan(1e-4);
    }
  });
});
