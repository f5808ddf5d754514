import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { runCommand } from '../../cli/commands/run.ts';
import { UsageError } from '../../cli/exit-codes.ts';
import { resolveSpec } from '../../dsl/resolve.ts';
import type { TrainingLogEntry } from '../../dsl/results.ts';
import type { ResolvedExperiment } from '../../dsl/types.ts';
import { initBackend } from '../../runtime/backend.ts';
import { SILENT_EVENTS } from '../../runtime/job/events.ts';
import { runPretrainStage } from '../../runtime/job/pretrain-stage.ts';
import { JobStore } from '../../runtime/job/store.ts';
import { VisionTransformer } from '../../runtime/model/vit.ts';
import { globalViewKlSum, prototypeUsage, teacherArgmax } from '../../runtime/train/collapse-diagnostics.ts';
import { assertFiniteLoss, centringBatchWarning, CollapseGuard, TrainingGuardError } from '../../runtime/train/collapse-guard.ts';
import { pretrainDino } from '../../runtime/train/pretrain-dino.ts';
import { shutdownReplicaWorkers } from '../../runtime/train/parallel/replica-workers.ts';
import { standInShapes } from './stand-in-shapes.ts';
import { TINY_VIT, tinyPretrain } from './tiny-setup.ts';

let dir = '';
const replicasBefore = process.env.ORTHOBENCH_REPLICAS;
beforeAll(async () => {
  await initBackend('wasm');
  dir = await mkdtemp(join(tmpdir(), 'orthobench-collapse-'));
  // the stage and the CLI pick replicas themselves: one keeps them from starting worker threads
  process.env.ORTHOBENCH_REPLICAS = '1';
});
afterAll(async () => {
  if (replicasBefore === undefined) delete process.env.ORTHOBENCH_REPLICAS;
  else process.env.ORTHOBENCH_REPLICAS = replicasBefore;
  await shutdownReplicaWorkers();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const softmax = (row: number[]): number[] => {
  const m = Math.max(...row);
  const e = row.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};
const kl = (p: number[], q: number[]): number => p.reduce((s, pk, k) => s + (pk > 0 ? pk * Math.log(pk / q[k]) : 0), 0);

describe('collapse diagnostics against a hand computation (float64, tolerance 1e-5)', () => {
  const rng = new Rng(11);
  const draw = (rows: number, k: number): number[][] => Array.from({ length: rows }, () => Array.from({ length: k }, () => rng.normal(0, 2)));

  it('globalViewKlSum = Σ_images Σ_{u≠v} KL(P_t(u) ‖ P_s(v)) over the global views (2 globals, 1 local)', () => {
    const n = 2;
    const k = 4;
    const teacher = draw(2 * n, k).map(softmax);
    const student = draw(3 * n, k); // views 0, 1 global; view 2 local, ignored
    const tau = 0.5;
    const ps = (view: number, b: number): number[] => softmax(student[view * n + b].map((v) => v / tau));
    let expected = 0;
    for (let b = 0; b < n; b++) expected += kl(teacher[b], ps(1, b)) + kl(teacher[n + b], ps(0, b));
    const got = globalViewKlSum(tf.tensor2d(teacher), tf.tensor2d(student), tau, 2);
    expect(got).toBeCloseTo(expected, 5);
  });

  it('with one global view pairs the view with itself', () => {
    const teacher = draw(3, 5).map(softmax);
    const student = draw(3, 5);
    const expected = teacher.reduce((s, t, b) => s + kl(t, softmax(student[b])), 0);
    expect(globalViewKlSum(tf.tensor2d(teacher), tf.tensor2d(student), 1, 1)).toBeCloseTo(expected, 5);
  });

  it('teacherArgmax takes the centre into account; prototypeUsage counts distinct argmaxes over shards', () => {
    const argmax = teacherArgmax(tf.tensor2d([[1, 0, 0], [1, 0.9, 0]]), tf.tensor2d([[0.5, 0, 0]]));
    expect([...argmax]).toEqual([0, 1]);
    expect(prototypeUsage([new Int32Array([0, 1, 1]), new Int32Array([1, 3])], 8)).toBe(3 / 8);
  });
});

describe('CollapseGuard', () => {
  const settings = { action: 'warn' as const, epsilon: 0.05, minFeatureStd: 1e-3, patience: 3 };
  const lnK = Math.log(16);
  const at = (step: number, distillation: number, featureStd = 0.02) => ({ step, distillation, featureStd, teacherEntropy: 2 });

  it('fires once a condition has held for `patience` logged steps in a row, once per episode', () => {
    const guard = new CollapseGuard(settings, 16);
    expect(guard.observe(at(0, lnK + 0.01))).toEqual([]);
    expect(guard.observe(at(1, lnK - 0.04))).toEqual([]);
    const [alarm] = guard.observe(at(2, lnK));
    expect(alarm.guard).toBe('uniform-collapse');
    expect(alarm.step).toBe(2);
    expect(alarm.values.lnK).toBeCloseTo(lnK, 12);
    expect(alarm.message).toMatch(/uniform collapse at step 2: DINO loss 2\.773 within ε = 0\.05 of ln K = 2\.773 for 3 consecutive/);
    expect(guard.observe(at(3, lnK))).toEqual([]);
    expect(guard.observe(at(4, lnK + 0.2))).toEqual([]);
    expect(guard.state).toEqual({ uniform: 0, feature: 0 });
  });

  it('a break in the run resets the count; a resumed guard continues from its state', () => {
    const guard = new CollapseGuard(settings, 16, { uniform: 0, feature: 2 });
    const [alarm] = guard.observe(at(7, 5, 1e-4));
    expect(alarm.guard).toBe('feature-collapse');
    expect(alarm.message).toMatch(/std of the L2-normalised features 0\.0001000 < minFeatureStd 0\.001/);
    const fresh = new CollapseGuard(settings, 16);
    fresh.observe(at(0, 5, 1e-4));
    fresh.observe(at(1, 5, 0.5));
    expect(fresh.observe(at(2, 5, 1e-4))).toEqual([]);
  });

  it('assertFiniteLoss names the term; KoLeo is ignored when its weight is 0', () => {
    expect(() => assertFiniteLoss(4, Number.NaN, 0, 0)).toThrow(/non-finite loss at step 4: the DINO loss term is NaN/);
    expect(() => assertFiniteLoss(5, 1, Number.POSITIVE_INFINITY, 0.1)).toThrow(/step 5: the KoLeo loss term is Infinity/);
    expect(() => assertFiniteLoss(5, 1, Number.NaN, 0)).not.toThrow();
  });

  it('warns when batchSize × global crops is under 64 teacher rows', () => {
    expect(centringBatchWarning(tinyPretrain())).toMatch(/batch 8 × 2 global crops = 16 teacher rows per step, under the 64/);
    expect(centringBatchWarning(tinyPretrain({ batchSize: 32 }))).toBeUndefined();
  });
});

describe('guards in a DINO run (tiny model)', () => {
  const healthy = standInShapes(24, 16, 2).images;
  const blank = Array.from({ length: 16 }, () => new Float32Array(16 * 16));
  const guarded = (collapse: Partial<ResolvedExperiment['pretrain']['collapse']>, overrides: Partial<ResolvedExperiment['pretrain']> = {}) =>
    tinyPretrain({ steps: 5, ...overrides, collapse: { action: 'stop', epsilon: 0.05, minFeatureStd: 1e-3, patience: 2, ...collapse } });
  const train = async (images: Float32Array[], pretrain: ResolvedExperiment['pretrain'], warnings: string[] = []) => {
    const result = await pretrainDino({
      images, imageSize: 16, backbone: VisionTransformer.create(TINY_VIT, new Rng(21), 'guard'), pretrain, rng: new Rng(21), replicas: 1,
      onWarn: (m) => warnings.push(m),
    });
    result.teacher.dispose();
    result.student.dispose();
    return result.log;
  };
  const caught = async (work: Promise<unknown>): Promise<TrainingGuardError> => {
    const error = await work.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingGuardError);
    return error as TrainingGuardError;
  };

  it('a healthy run fires no guard and logs finite KL and prototype usage', async () => {
    const warnings: string[] = [];
    const log = await train(healthy, guarded({}), warnings);
    expect(log).toHaveLength(5);
    expect(warnings.filter((w) => !w.includes('teacher rows per step'))).toEqual([]);
    for (const e of log) {
      expect(e.klDivergence).toBeGreaterThanOrEqual(0);
      expect(e.prototypeUsage).toBeGreaterThan(0);
      expect(e.prototypeUsage).toBeLessThanOrEqual(1);
      expect(e.weightDecay).toBe(DEFAULT_WD);
    }
  });

  it('uniform teacher and student (τ = 100 on both) stop at the uniform-collapse guard with its values', async () => {
    const error = await caught(train(healthy, guarded({ minFeatureStd: 0 }, { studentTemperature: 100, teacherTemperature: { start: 100, end: 100, warmupSteps: 0 } })));
    expect(error.guard).toBe('uniform-collapse');
    expect(error.step).toBe(1);
    expect(Math.abs(error.values.loss - Math.log(16))).toBeLessThan(0.05);
    expect(error.message).toMatch(/^uniform collapse at step 1: DINO loss 2\.77\d within ε = 0\.05 of ln K = 2\.773/);
  });

  it('all-identical (blank) images stop at the feature-collapse guard', async () => {
    const error = await caught(train(blank, guarded({ epsilon: 1e-9 })));
    expect(error.guard).toBe('feature-collapse');
    expect(error.step).toBe(1);
    expect(error.values.featureStd).toBeLessThan(1e-3);
  });

  it("with action 'warn' the same run logs the collapse once and trains to the end", async () => {
    const warnings: string[] = [];
    const log = await train(blank, guarded({ action: 'warn', epsilon: 1e-9 }), warnings);
    expect(log.map((e) => e.step)).toEqual([0, 1, 2, 3, 4]);
    const collapse = warnings.filter((w) => w.includes('feature collapse'));
    expect(collapse).toHaveLength(1);
    expect(collapse[0]).toMatch(/at step 1: .*training goes on/);
  });

  it('a non-finite DINO loss stops the run naming the term', async () => {
    const error = await caught(train(healthy, guarded({}, { studentTemperature: 1e-45 })));
    expect(error.guard).toBe('non-finite-loss');
    expect(error.step).toBe(0);
    expect(error.message).toMatch(/the DINO loss term is NaN/);
  });

  it('the stage keeps the checkpoint and the log so far when a guard stops it', async () => {
    const spec = resolveSpec({ name: 'collapse-stage', data: { imageSize: 16 }, backbone: { preset: 'nano', patchSize: 4 } });
    spec.pretrain = guarded({ epsilon: 1e-9 }, { checkpointEvery: 1 });
    const store = new JobStore(dir, 'stage');
    const error = await caught(runPretrainStage(spec, blank, new Rng(spec.seed), store, SILENT_EVENTS));
    expect(error.message).toMatch(/^DINO pretraining stopped by the feature-collapse guard: feature collapse at step 1/);
    expect(error.message).toContain(`the checkpoint after 1 step(s) in ${store.path('pretrain', 'checkpoint')}`);
    const stopped = JSON.parse(await readFile(store.path('pretrain', 'stopped.json'), 'utf8')) as { guard: string; step: number; log: TrainingLogEntry[] };
    expect(stopped.guard).toBe('feature-collapse');
    expect(stopped.log.map((e) => e.step)).toEqual([0, 1]);
    expect(await store.exists('pretrain', 'checkpoint', 'checkpoint.json')).toBe(true);
    expect(await store.exists('pretrain', 'summary.json')).toBe(false);
  });
});

const DEFAULT_WD = tinyPretrain().optimizer.weightDecay;

describe('bench run --on-collapse', () => {
  it('stop overrides the spec’s warn: the job fails with the named guard and exit code 1', async () => {
    const specFile = join(dir, 'uniform.yaml');
    await writeFile(specFile, [
      'name: uniform-collapse',
      `data: { synthetic: { patients: 10, imagesPerPatient: 1 }, imageSize: 16, dir: ${join(dir, 'data')} }`,
      'backbone: { preset: nano, patchSize: 4 }',
      'pretrain:',
      '  steps: 4',
      '  batchSize: 8',
      '  logEvery: 1',
      '  studentTemperature: 100',
      '  teacherTemperature: { start: 100, end: 100 }',
      '  crops: { global: { size: 16 }, local: { count: 1, size: 8 } }',
      '  head: { hiddenDim: 16, bottleneckDim: 8, outDim: 8 }',
      '  collapse: { action: warn, patience: 2 }',
      'eval: { folds: 2, labelFractions: [1.0], baselines: [] }',
      '',
    ].join('\n'));
    const written: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      await runCommand(specFile, { out: join(dir, 'runs'), tracking: 'none', quiet: true, onCollapse: 'stop' });
      expect(process.exitCode).toBe(1);
    } finally {
      process.stderr.write = write;
      process.exitCode = 0;
    }
    expect(written.join('')).toMatch(/failed: TrainingGuardError: DINO pretraining stopped by the uniform-collapse guard: uniform collapse at step 1/);
    await expect(runCommand(specFile, { out: join(dir, 'runs'), onCollapse: 'halt' })).rejects.toThrow(UsageError);
  });
});
