import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { listTasks } from '../../benchmarks/tasks/registry.ts';
import type { TaskDefinition } from '../../benchmarks/tasks/task.ts';
import { allocateClassCounts } from '../../runtime/data/phantoms/kl-prevalence.ts';
import type { PhantomDataset } from '../../runtime/data/phantoms/phantom-dataset.ts';
import { generateTaskPhantom, resolvePhantomOptions } from '../../runtime/data/phantoms/task-phantoms.ts';
import { encodeGrayPng } from '../../runtime/data/png.ts';

function generate(task: TaskDefinition, patients: number, seed: number, imagesPerPatient?: number, imageSize = 32): PhantomDataset {
  return generateTaskPhantom(task, resolvePhantomOptions(task, { patients, imageSize, seed, ...(imagesPerPatient ? { imagesPerPatient } : {}) }));
}

function pixelDigest(data: PhantomDataset, size: number): string {
  const hash = createHash('sha256');
  for (const s of data.samples) hash.update(encodeGrayPng({ pixels: s.pixels, width: size, height: size }, 16));
  return hash.digest('hex');
}

describe.each(listTasks().map((t) => [t.id, t] as const))('phantom of %s', (_, task) => {
  const phantom = task.phantom;
  if (phantom === undefined) throw new Error('every built-in task has a phantom');
  const slices = task.modality === 'mri' ? 4 : 2;

  it('is deterministic in the seed (same seed → identical 16-bit PNG bytes)', () => {
    const a = generate(task, 12, 5, slices);
    const b = generate(task, 12, 5, slices);
    expect(pixelDigest(a, 32)).toBe(pixelDigest(b, 32));
    expect(b.patients).toEqual(a.patients);
    expect(pixelDigest(generate(task, 12, 6, slices), 32)).not.toBe(pixelDigest(a, 32));
  });

  it('gives one label per exam and several images per patient, with exam ids in the manifest fields', () => {
    const data = generate(task, 12, 7, slices);
    const byExam = new Map<string, Set<number>>();
    for (const s of data.samples) {
      expect(s.pixels).toHaveLength(32 * 32);
      expect(s.examId.startsWith(s.patientId)).toBe(true);
      expect(s.modality).toBe(task.modality);
      byExam.set(s.examId, (byExam.get(s.examId) ?? new Set()).add(s.label));
    }
    for (const labels of byExam.values()) expect(labels.size).toBe(1);
    const perPatient = new Map<string, number>();
    for (const s of data.samples) perPatient.set(s.patientId, (perPatient.get(s.patientId) ?? 0) + 1);
    expect([...perPatient.values()].every((n) => n === slices)).toBe(true);
    expect(data.patients).toHaveLength(12);
    if (task.modality === 'mri') {
      expect(byExam.size).toBe(12);
      // Every plane the task asks for is in every exam, and each exam has one key slice.
      const planes = new Set(data.samples.map((s) => s.plane));
      expect([...planes].sort()).toEqual(Object.keys(phantom.planes ?? {}).sort());
      expect(data.samples.filter((s) => s.key)).toHaveLength(12);
    }
    expect(new Set(data.patients.map((p) => p.site)).size).toBeGreaterThan(0);
    expect(data.sites).toHaveLength(phantom.sites);
  });

  it('allocates true labels by the documented prevalence and flips about labelNoise of them', () => {
    const n = 300;
    const data = generate(task, n, 11, 1, 16);
    const counts = new Array<number>(task.labels.length).fill(0);
    for (const p of data.patients) counts[p.trueLabel]++;
    expect(counts).toEqual(allocateClassCounts(n, phantom.prevalence));
    const flipped = data.patients.filter((p) => p.label !== p.trueLabel).length;
    // Binomial(300, noise): mean ± 4 standard deviations.
    const sd = Math.sqrt(n * phantom.labelNoise * (1 - phantom.labelNoise));
    expect(Math.abs(flipped - n * phantom.labelNoise)).toBeLessThanOrEqual(4 * sd + 1e-9);
    if (task.output === 'ordinal') {
      for (const p of data.patients) expect(Math.abs(p.label - p.trueLabel)).toBeLessThanOrEqual(1);
    }
  });
});

describe('MRI exams', () => {
  it('show the finding on a few slices of positive exams and never on negatives', () => {
    const task = listTasks().find((t) => t.id === 'acl-tear') as TaskDefinition;
    const data = generate(task, 24, 3, 12, 32);
    for (const p of data.patients) {
      const slices = Number(p.latent.findingSlices);
      if (p.trueLabel === 0) expect(slices, p.patientId).toBe(0);
      else {
        expect(slices, p.patientId).toBeGreaterThan(0);
        expect(slices, p.patientId).toBeLessThan(12);
      }
    }
  });
});
