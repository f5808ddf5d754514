// `bench select` end to end on a smoke-sized synthetic task with three tiny candidates — a seeded random init, a
// checkpoint written by orthobench (learnt at another image size) and a "job:" reference to a finished job's
// teacher — checking the tables, --out files, --json and the MLflow file store; then the located exit-2 errors.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import type { SelectionResult } from '../../benchmarks/selection/selection-result.ts';
import { loadExperiment } from '../../cli/load-spec.ts';
import { resolveCandidates } from '../../cli/commands/select-candidates.ts';
import { SpecError } from '../../dsl/issues.ts';
import { loadValidatedSpec } from '../../dsl/load-validated.ts';
import { resolveSpec } from '../../dsl/resolve.ts';
import { initBackend } from '../../runtime/backend.ts';
import { encodeSafetensors, saveSafetensors } from '../../runtime/io/safetensors.ts';
import { VisionTransformer } from '../../runtime/model/vit.ts';

const BENCH = join(import.meta.dirname, '..', '..', 'bin', 'bench.js');
const run = promisify(execFile);
const NANO = { patchSize: 4, dim: 64, depth: 4, heads: 2, mlpRatio: 2 };

async function bench(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BENCH, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 1 << 24 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const COMMON = [
  'tasks: [kl-grade]',
  'data: { synthetic: { patients: 24, imagesPerPatient: 2 }, imageSize: 16 }',
  'backbone: { preset: nano, patchSize: 4 }',
  'pretrain: { crops: { global: { size: 16 }, local: { size: 8 } } }',
  'eval: { folds: 2, probe: { l2Grid: [] } }',
];

async function writeCheckpoint(path: string, imageSize: number, seed: number): Promise<void> {
  const vit = VisionTransformer.create({ imageSize, ...NANO }, new Rng(seed), 'checkpoint');
  await saveSafetensors(path, vit.toWeights(), { format: 'orthobench-vit', role: 'dino-teacher' });
  vit.dispose();
}

describe('bench select', () => {
  let dir = '';
  let first = { code: -1, stdout: '', stderr: '' };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'orthobench-select-'));
    await initBackend('wasm');
    await mkdir(join(dir, 'ckpt'));
    await writeCheckpoint(join(dir, 'ckpt', 'b.safetensors'), 32, 11); // learnt at 32 px, used at 16 px
    await writeFile(join(dir, 'job.yaml'), ['name: finished-job', ...COMMON, ''].join('\n'));
    const [job] = (await loadExperiment(join(dir, 'job.yaml'))).jobs;
    await mkdir(join(dir, 'runs', job.id, 'pretrain'), { recursive: true });
    await writeCheckpoint(join(dir, 'runs', job.id, 'pretrain', 'teacher.safetensors'), 16, 12);
    const candidates = ['    - { name: random-a }', '    - { name: ckpt-b, init: ckpt/b.safetensors }', '    - { name: job-c, init: "job:job.yaml" }'];
    await writeFile(join(dir, 'select.yaml'), ['name: sel-e2e', ...COMMON, 'select:', '  candidates:', ...candidates, ''].join('\n'));
    first = await bench(['select', 'select.yaml', '--out', 'out', '--tracking', 'mlruns', '--runs', 'runs'], dir);
  }, 120_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('prints the selection and agreement tables and the selected candidate', () => {
    expect(first.stderr).not.toContain('    at ');
    expect(first.code).toBe(0);
    for (const name of ['random-a', 'ckpt-b', 'job-c', 'logme', 'nleep', 'sfda', 'parc', 'ped', 'itm', 'mean rank', 'probe accuracy']) {
      expect(first.stdout).toContain(name);
    }
    expect(first.stdout).toContain('Kendall τ-b');
    expect(first.stdout).toMatch(/selected: (random-a|ckpt-b|job-c) \(best mean rank over 6 estimators\)/);
    expect(first.stderr).toMatch(/candidate 3\/3 job-c \(nano\/4, job:job\.yaml\)/);
  });

  it('writes select-result.json and select-report.md with every score, rank and τ', async () => {
    const result = JSON.parse(await readFile(join(dir, 'out', 'select-result.json'), 'utf8')) as SelectionResult;
    expect(result.candidates.map((c) => c.name)).toEqual(['random-a', 'ckpt-b', 'job-c']);
    expect(result.candidates[1]).toMatchObject({ checkpoint: 'ckpt/b.safetensors', preset: 'nano', patchSize: 4, featureDim: 64 });
    expect(result.candidates[2].jobId).toMatch(/^[0-9a-f]{12}$/);
    expect(result.data).toMatchObject({ nSamples: 48, nPatients: 24 });
    for (const c of result.candidates) {
      expect(c.scores.map((s) => s.estimator)).toEqual(['logme', 'nleep', 'sfda', 'parc', 'ped', 'itm']);
      for (const s of c.scores) expect(typeof s.score).toBe('number');
      expect(c.measured?.perFold).toHaveLength(2);
    }
    expect(result.summary.agreement.map((a) => a.ranking)).toEqual(['logme', 'nleep', 'sfda', 'parc', 'ped', 'itm', 'mean-rank']);
    expect(result.summary.aggregateRank.reduce((a, b) => a + b, 0)).toBe(6); // ranks 1..3, ties mid-ranked
    const report = await readFile(join(dir, 'out', 'select-report.md'), 'utf8');
    expect(report).toContain('# Backbone selection: sel-e2e → kl-grade');
    expect(report).toContain('## Agreement with the measured ranking');
    expect(report).toContain('| ranking | Kendall τ-b |');
  });

  it('logs scores, τ, params and the report to the MLflow file store', async () => {
    const experiments = (await readdir(join(dir, 'mlruns'))).filter((e) => !e.startsWith('.') && e !== '0');
    expect(experiments).toHaveLength(1);
    const runs = (await readdir(join(dir, 'mlruns', experiments[0]))).filter((e) => e !== 'meta.yaml');
    expect(runs).toHaveLength(1);
    const runDir = join(dir, 'mlruns', experiments[0], runs[0]);
    expect(await readFile(join(runDir, 'params', 'select.candidates'), 'utf8')).toBe('random-a,ckpt-b,job-c');
    expect(await readFile(join(runDir, 'params', 'select.estimators'), 'utf8')).toBe('logme,nleep,sfda,parc,ped,itm');
    const metrics = await readdir(join(runDir, 'metrics'));
    expect(metrics).toContain('select.logme.ckpt-b');
    expect(metrics).toContain('select.kendall_tau.parc');
    expect(metrics).toContain('select.kendall_tau.mean_rank');
    const logme = (await readFile(join(runDir, 'metrics', 'select.logme.ckpt-b'), 'utf8')).trim().split(' ');
    expect(logme).toHaveLength(3); // "<timestamp> <value> <step>"
    const result = JSON.parse(await readFile(join(dir, 'out', 'select-result.json'), 'utf8')) as SelectionResult;
    expect(Number(logme[1])).toBeCloseTo(result.candidates[1].scores[0].score, 12);
    expect(await readFile(join(runDir, 'artifacts', 'select', 'select-report.md'), 'utf8')).toContain('Backbone selection');
  });

  it('prints the same result as JSON on a rerun, and reuses the MLflow run', async () => {
    const again = await bench(['select', 'select.yaml', '--json', '-q', '--tracking', 'mlruns', '--runs', 'runs'], dir);
    expect(again.code).toBe(0);
    const printed = JSON.parse(again.stdout) as SelectionResult;
    const stored = JSON.parse(await readFile(join(dir, 'out', 'select-result.json'), 'utf8')) as SelectionResult;
    expect(printed.selectionId).toBe(stored.selectionId);
    expect(printed.candidates.map((c) => c.scores.map((s) => s.score))).toEqual(stored.candidates.map((c) => c.scores.map((s) => s.score)));
    expect(printed.summary).toEqual(stored.summary);
    const [experiment] = (await readdir(join(dir, 'mlruns'))).filter((e) => !e.startsWith('.') && e !== '0');
    expect((await readdir(join(dir, 'mlruns', experiment))).filter((e) => e !== 'meta.yaml')).toHaveLength(1);
  }, 120_000);

  it('exits 2 with file:line:col for a missing checkpoint, without a stack', async () => {
    const spec = ['name: sel-bad', ...COMMON, 'select:', '  candidates:', '    - { name: a }', '    - { name: b, init: nope.safetensors }', ''];
    await writeFile(join(dir, 'bad.yaml'), spec.join('\n'));
    const result = await bench(['select', 'bad.yaml', '--tracking', 'none', '-q'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad\.yaml:10:\d+ +\/select\/candidates\/1\/init +checkpoint not found: nope\.safetensors/);
    expect(result.stderr).not.toContain('    at ');
  }, 120_000);
});

describe('resolveCandidates', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'orthobench-select-candidates-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function problems(candidateLines: string[], runsDir = join(dir, 'runs')): Promise<string[]> {
    const file = join(dir, 'spec.yaml');
    await writeFile(file, ['name: c', ...COMMON, 'select:', '  candidates:', ...candidateLines, ''].join('\n'));
    const { loaded, spec } = await loadValidatedSpec(file);
    try {
      await resolveCandidates({ loaded, resolved: resolveSpec(spec), runsDir });
      return [];
    } catch (error) {
      if (!(error instanceof SpecError)) throw error;
      return error.issues.map((i) => `${i.line}:${i.path}:${i.message}`);
    }
  }

  it('reads a checkpoint’s architecture from its header and places every problem at the candidate', async () => {
    // A header-only stand-in for a micro ViT (width 128): zero-filled tensors of the right shapes.
    const shapes: Record<string, number[]> = { cls_token: [1, 1, 128], pos_embed: [1, 17, 128], 'patch_embed.proj.weight': [16, 128] };
    for (let b = 0; b < 4; b++) shapes[`blocks.${b}.mlp.fc1.weight`] = [128, 256];
    const tensors = new Map(Object.entries(shapes).map(([name, shape]) => [name, { shape, data: new Float32Array(shape.reduce((a, d) => a * d, 1)) }]));
    await writeFile(join(dir, 'micro.safetensors'), encodeSafetensors(tensors));
    await writeFile(join(dir, 'job.yaml'), ['name: unfinished', ...COMMON, ''].join('\n'));
    const found = await problems([
      `    - { name: a, init: ${join(dir, 'missing.safetensors')} }`,
      `    - { name: b, preset: nano, init: ${join(dir, 'micro.safetensors')} }`,
      `    - { name: c, init: "job:${join(dir, 'job.yaml')}" }`,
    ]);
    expect(found).toHaveLength(3);
    expect(found[0]).toMatch(/^9:\/select\/candidates\/0\/init:checkpoint not found: .*missing\.safetensors$/);
    expect(found[1]).toMatch(/^10:\/select\/candidates\/1\/preset:preset nano does not match the checkpoint .* \(a micro ViT\)/);
    expect(found[2]).toMatch(/^11:\/select\/candidates\/2\/init:job [0-9a-f]{12} of .*job\.yaml has no DINO teacher at .*: run `bench run .*job\.yaml --out .*runs` first$/);
  });

  it('needs at least two candidates', async () => {
    expect(await problems(['    - { name: only }'])).toEqual([expect.stringMatching(/^8:\/select\/candidates:bench select needs at least 2 candidates to rank \(got 1\)$/)]);
  });
});
