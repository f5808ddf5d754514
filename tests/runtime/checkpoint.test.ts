import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { initBackend } from '../../runtime/backend.ts';
import { ParamStore } from '../../runtime/model/param-store.ts';
import { VisionTransformer } from '../../runtime/model/vit.ts';
import type { WeightMap } from '../../runtime/model/weights.ts';
import { AdamW } from '../../runtime/train/adamw.ts';
import { CHECKPOINT_MANIFEST, saveDinoCheckpoint, tryLoadDinoCheckpoint } from '../../runtime/train/checkpoint-files.ts';
import type { DinoCheckpoint } from '../../runtime/train/checkpoint-state.ts';
import { ParamLayout } from '../../runtime/train/param-layout.ts';
import { shutdownReplicaWorkers } from '../../runtime/train/parallel/replica-workers.ts';
import { pretrainDino, type DinoLogEntry } from '../../runtime/train/pretrain-dino.ts';
import { standInShapes } from './stand-in-shapes.ts';
import { TINY_VIT, tinyPretrain } from './tiny-setup.ts';

const data = standInShapes(24, 16, 2);
// 8 steps over 3 batches per epoch: the checkpoint after step 4 falls mid-epoch, before the prototypes unfreeze
// (step 5), with the weight decay ramping and KoLeo on, so every piece of state matters for the rest
const SPEC = tinyPretrain({
  steps: 8, logEvery: 2, checkpointEvery: 4, freezeLastLayerSteps: 5, koleoWeight: 0.1,
  optimizer: { ...tinyPretrain().optimizer, weightDecayEnd: 0.4, warmupSteps: 2 },
});

let dir = '';
beforeAll(async () => {
  await initBackend('wasm');
  dir = await mkdtemp(join(tmpdir(), 'orthobench-checkpoint-'));
});
afterAll(async () => {
  await shutdownReplicaWorkers();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const bytes = (data: Float32Array): Buffer => Buffer.from(data.buffer, data.byteOffset, data.byteLength);
/** Names of the tensors whose bytes differ (or that one side lacks). */
function differingTensors(a: WeightMap, b: WeightMap): string[] {
  const names = new Set([...a.keys(), ...b.keys()]);
  return [...names].filter((n) => !a.has(n) || !b.has(n) || !bytes(a.get(n)!.data).equals(bytes(b.get(n)!.data)));
}
const withoutTiming = (log: DinoLogEntry[]) => log.map(({ imagesPerSec: _t, ...rest }) => rest);

interface Trained {
  teacher: WeightMap;
  student: WeightMap;
  log: DinoLogEntry[];
  /** Steps this call ran. */
  ran: number[];
}

async function train(replicas: number, options: { resume?: DinoCheckpoint; saveAt?: { step: number; dir: string } } = {}): Promise<Trained> {
  const ran: number[] = [];
  const result = await pretrainDino({
    // a resumed run takes the student from the checkpoint: another initial backbone must not matter
    images: data.images, imageSize: 16, backbone: VisionTransformer.create(TINY_VIT, new Rng(options.resume ? 99 : 31), 'ckpt'),
    pretrain: SPEC, rng: new Rng(31), replicas, resume: options.resume,
    onProgress: (step) => ran.push(step),
    onCheckpoint: async (c) => {
      if (options.saveAt && c.step === options.saveAt.step) await saveDinoCheckpoint(options.saveAt.dir, c);
    },
  });
  const trained = { teacher: result.teacher.toWeights(), student: result.student.toWeights(), log: result.log, ran };
  result.teacher.dispose();
  result.student.dispose();
  return trained;
}

describe('resuming DINO from a checkpoint', () => {
  for (const replicas of [1, 2]) {
    it(`ends with the weights of an uninterrupted run, bit for bit (${replicas} replica${replicas > 1 ? 's' : ''})`, async () => {
      const at = join(dir, `resume-${replicas}`);
      const uninterrupted = await train(replicas, { saveAt: { step: 4, dir: at } });
      const checkpoint = await tryLoadDinoCheckpoint(at);
      expect(checkpoint?.step).toBe(4);
      expect(checkpoint?.replicas).toBe(replicas);
      const resumed = await train(replicas, { resume: checkpoint });
      expect(resumed.ran).toEqual([5, 6, 7, 8]);
      expect(differingTensors(resumed.teacher, uninterrupted.teacher)).toEqual([]);
      expect(differingTensors(resumed.student, uninterrupted.student)).toEqual([]);
      // the log before the checkpoint comes from it; the rest is recomputed identically
      expect(withoutTiming(resumed.log)).toEqual(withoutTiming(uninterrupted.log));
      expect(resumed.log.map((e) => e.step)).toEqual([0, 2, 4, 6, 7]);
    });
  }

  it('depends on the stored optimiser moments: one changed value changes the result', async () => {
    const checkpoint = (await tryLoadDinoCheckpoint(join(dir, 'resume-1')))!;
    const uninterrupted = await train(1, { resume: checkpoint });
    const m = checkpoint.state.optimizer.m.slice();
    m[0] += 1e-3;
    const perturbed = await train(1, { resume: { ...checkpoint, state: { ...checkpoint.state, optimizer: { ...checkpoint.state.optimizer, m } } } });
    expect(differingTensors(perturbed.student, uninterrupted.student).length).toBeGreaterThan(0);
  });

  it('refuses a checkpoint of another run', async () => {
    const checkpoint = await tryLoadDinoCheckpoint(join(dir, 'resume-1'));
    const other = { ...checkpoint!, fingerprint: 'something-else' };
    await expect(train(1, { resume: other })).rejects.toThrow(/belongs to another run/);
  });
});

describe('checkpoint files', () => {
  const checkpointOf = async (step: number): Promise<DinoCheckpoint> => {
    const source = await tryLoadDinoCheckpoint(join(dir, 'resume-1'));
    return { ...source!, step };
  };

  it('commit by renaming the manifest: a newer save replaces the tensors, stray temp files are cleared', async () => {
    const at = join(dir, 'files');
    expect(await tryLoadDinoCheckpoint(at)).toBeUndefined();
    await saveDinoCheckpoint(at, await checkpointOf(4));
    // what a kill during the next save leaves: its tensors half written under a temp name, the manifest untouched
    await writeFile(join(at, 'state-00000008.safetensors.tmp-1-2'), 'partial');
    const current = await tryLoadDinoCheckpoint(at);
    expect(current?.step).toBe(4);
    await saveDinoCheckpoint(at, await checkpointOf(8));
    expect((await readdir(at)).sort()).toEqual([CHECKPOINT_MANIFEST, 'state-00000008.safetensors']);
    const reloaded = await tryLoadDinoCheckpoint(at);
    expect(reloaded?.step).toBe(8);
    expect(differingTensors(reloaded!.state.teacher, current!.state.teacher)).toEqual([]);
    expect(bytes(reloaded!.state.optimizer.m).equals(bytes(current!.state.optimizer.m))).toBe(true);
    expect(reloaded!.state.center).toEqual(current!.state.center);
    expect(reloaded!.state.optimizer.steps).toEqual(current!.state.optimizer.steps);
  });

  it('AdamW refuses a snapshot taken over other parameters', () => {
    const store = new ParamStore('adam');
    store.add('w', [2], new Float32Array([1, 2]));
    const optimizer = new AdamW(new ParamLayout([store]));
    const snapshot = optimizer.snapshot();
    expect(() => optimizer.restore({ ...snapshot, names: ['v'] })).toThrow(/optimiser state is for other parameters \(v where w was expected\)/);
    expect(() => optimizer.restore({ ...snapshot, m: new Float32Array(3) })).toThrow(/3 values, the parameters 2/);
    store.dispose();
  });
});
