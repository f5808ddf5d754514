// `bench data generate --format dicom` and the DICOM path end to end: phantoms written as a DICOM study tree load
// through the DICOM adapter (patients and exams from the tags) with the same labels and pixels as the same
// phantoms written as PNG + manifest, and a spec whose data.source is that folder runs (smoke-sized).
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { registerDataGenerate } from '../../cli/commands/data-generate.ts';
import { UsageError } from '../../cli/exit-codes.ts';
import { getTask } from '../../benchmarks/tasks/registry.ts';
import { DEFAULTS } from '../../dsl/defaults.ts';
import type { JobResult } from '../../dsl/results.ts';
import type { ResolvedExperiment } from '../../dsl/types.ts';
import { SILENT_EVENTS } from '../../runtime/job/events.ts';
import { prepareDataset, type PreparedDataset } from '../../runtime/job/prepare-dataset.ts';

const scratch = mkdtempSync(join(tmpdir(), 'orthobench-generate-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const BENCH = join(import.meta.dirname, '..', '..', 'bin', 'bench.js');

async function generate(...args: string[]): Promise<void> {
  const program = new Command('bench').exitOverride();
  registerDataGenerate(program);
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    await program.parseAsync(['node', 'bench', 'data', 'generate', ...args]);
  } finally {
    process.stdout.write = write;
  }
}

function spec(source: string): ResolvedExperiment {
  return { ...DEFAULTS, name: 'generated', description: '', tasks: ['acl-tear'], data: { ...DEFAULTS.data, source, imageSize: 16, dir: join(scratch, 'data') } };
}

/** Per patient, the sorted pixel sums of its images: equal for the same phantoms in either format. */
function fingerprint(data: PreparedDataset): Map<string, number[]> {
  const out = new Map<string, number[]>();
  data.images.forEach((pixels, i) => out.set(data.groups[i], [...(out.get(data.groups[i]) ?? []), pixels.reduce((a, b) => a + b, 0)]));
  for (const sums of out.values()) sums.sort((a, b) => a - b);
  return out;
}

describe('bench data generate', () => {
  const common = ['acl-tear', '--patients', '8', '--size', '16', '--images-per-patient', '3', '--seed', '5'];
  const dicom = join(scratch, 'acl-dicom');
  const png = join(scratch, 'acl-png');

  it('writes a DICOM study tree that loads through the DICOM adapter like the PNG + manifest version', async () => {
    await generate(...common, '--format', 'dicom', '--out', dicom);
    await generate(...common, '--format', 'png', '--out', png);
    expect(readFileSync(join(dicom, 'labels.csv'), 'utf8').split('\n')[0]).toBe('studyInstanceUid,label');
    const task = getTask('acl-tear');
    const fromDicom = await prepareDataset(spec(dicom), task, SILENT_EVENTS);
    const fromPng = await prepareDataset(spec(png), task, SILENT_EVENTS);
    expect([fromDicom.format, fromPng.format]).toEqual(['dicom-tree', 'manifest']);
    expect(fromDicom.images).toHaveLength(24);
    expect(new Set(fromDicom.exams).size).toBe(8);
    expect(fromDicom.exams.every((e) => e.startsWith('2.25.'))).toBe(true);
    const examLabels = (d: PreparedDataset) => [...new Map(d.groups.map((g, i) => [g, d.labels[i]]))].sort();
    expect(examLabels(fromDicom)).toEqual(examLabels(fromPng));
    const [a, b] = [fingerprint(fromDicom), fingerprint(fromPng)];
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const [patient, sums] of a) sums.forEach((s, k) => expect(s).toBeCloseTo(b.get(patient)![k], 3));
  });

  it('refuses a non-empty output folder and an unknown task (exit 2)', async () => {
    await expect(generate(...common, '--format', 'dicom', '--out', dicom)).rejects.toThrow(UsageError);
    await expect(generate('acl-tera', '--out', join(scratch, 'x'))).rejects.toThrow(/unknown task "acl-tera".*did you mean "acl-tear"/);
  });

  it('a spec whose data.source is the DICOM folder runs end to end (smoke)', async () => {
    const work = join(scratch, 'run');
    rmSync(work, { recursive: true, force: true });
    const specFile = join(scratch, 'dicom-smoke.yaml');
    writeFileSync(specFile, [
      'name: dicom-smoke',
      'tasks: [acl-tear]',
      `data: { source: ${JSON.stringify(dicom)}, imageSize: 16, dir: ${JSON.stringify(join(scratch, 'data'))} }`,
      'backbone: { preset: nano }',
      'pretrain: { steps: 2, batchSize: 8, crops: { global: { size: 16 }, local: { count: 2, size: 8 } }, head: { hiddenDim: 32, bottleneckDim: 16, outDim: 32 }, optimizer: { warmupSteps: 1 }, logEvery: 1 }',
      'eval: { folds: 2, labelFractions: [1.0], baselines: [random-init] }',
      'stats: { bootstrap: 200 }',
      '',
    ].join('\n'));
    await promisify(execFile)(process.execPath, [BENCH, 'run', specFile, '--out', join(work, 'runs'), '--tracking', 'none', '-q'], { cwd: scratch, env: { ...process.env, NO_COLOR: '1' } });
    const [job] = readdirSync(join(work, 'runs')).filter((f) => !f.startsWith('.'));
    const result = JSON.parse(readFileSync(join(work, 'runs', job, 'result.json'), 'utf8')) as JobResult;
    expect(result.datasets[0]).toMatchObject({ source: dicom, nSamples: 24, nPatients: 8, skipped: [] });
    expect(result.datasets[0].manifest).toBe(join(work, 'runs', job, 'data', 'acl-tear', 'samples.csv'));
    expect(result.tasks[0]).toMatchObject({ task: 'acl-tear', nSamples: 24, nExams: 8, examPooling: 'mean' });
    const samples = readFileSync(result.datasets[0].manifest, 'utf8').split('\n');
    expect(samples[0]).toBe('path,label,patientId,modality,examId');
    expect(samples).toHaveLength(26);
  }, 120_000);
});
