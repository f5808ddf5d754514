// pretrain.pool wired through DINO pretraining: a mixed pool trains with each image's modality, the stage refuses a
// share its pool cannot give before any training, and the checkpoint resume replays the mixed batches bit for bit.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { resolveSpec } from '../../dsl/resolve.ts';
import { initBackend } from '../../runtime/backend.ts';
import { SILENT_EVENTS } from '../../runtime/job/events.ts';
import { runPretrainStage } from '../../runtime/job/pretrain-stage.ts';
import { JobStore } from '../../runtime/job/store.ts';
import { VisionTransformer } from '../../runtime/model/vit.ts';
import type { DinoCheckpoint } from '../../runtime/train/checkpoint-state.ts';
import { shutdownReplicaWorkers } from '../../runtime/train/parallel/replica-workers.ts';
import { pretrainDino } from '../../runtime/train/pretrain-dino.ts';
import { standInShapes } from './stand-in-shapes.ts';
import { TINY_VIT, tinyPretrain } from './tiny-setup.ts';

const data = standInShapes(24, 16, 2);
const modalities = data.images.map((_, i) => (i % 4 === 0 ? 'mri' : 'xray'));
let dir = '';

beforeAll(async () => {
  await initBackend('wasm');
  dir = await mkdtemp(join(tmpdir(), 'orthobench-pretrain-pool-'));
});
afterAll(async () => {
  await shutdownReplicaWorkers();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const run = (steps: number, resume?: DinoCheckpoint, onCheckpoint?: (c: DinoCheckpoint) => Promise<void>) =>
  pretrainDino({
    images: data.images, imageSize: 16, backbone: VisionTransformer.create(TINY_VIT, new Rng(1), 'pool'),
    pretrain: tinyPretrain({ steps, checkpointEvery: 2, pool: { mriShare: 0.5 } }), modalities, rng: new Rng(2), replicas: 1,
    ...(resume ? { resume } : {}), ...(onCheckpoint ? { onCheckpoint } : {}),
  });

describe('pretrain.pool in DINO pretraining', () => {
  it('trains on a mixed pool and resumes it bit for bit', async () => {
    const checkpoints: DinoCheckpoint[] = [];
    const straight = await run(4, undefined, async (c) => void checkpoints.push(c));
    const resumed = await run(4, checkpoints.find((c) => c.step === 2));
    const weights = (vit: VisionTransformer) => [...vit.toWeights().values()].flatMap((w) => Array.from(w.data));
    expect(weights(resumed.teacher)).toEqual(weights(straight.teacher));
    for (const r of [straight, resumed]) {
      r.teacher.dispose();
      r.student.dispose();
    }
  });

  it('needs the modalities when a share is set', async () => {
    await expect(pretrainDino({
      images: data.images, imageSize: 16, backbone: VisionTransformer.create(TINY_VIT, new Rng(1), 'no-modalities'), pretrain: tinyPretrain({ pool: { mriShare: 0.5 } }), rng: new Rng(2), replicas: 1,
    })).rejects.toThrow('pretrain.pool.mriShare 0.5 needs the modality of each of the 24 pretraining images');
  });

  it('the stage refuses a share the pool cannot give before training', async () => {
    const spec = resolveSpec({ name: 'pool-stage', data: { imageSize: 16 }, backbone: { preset: 'nano', patchSize: 4 } });
    spec.pretrain = tinyPretrain({ pool: { mriShare: 0.2 } });
    const store = new JobStore(dir, 'stage');
    await expect(runPretrainStage(spec, data.images, new Rng(1), store, SILENT_EVENTS, data.images.map(() => 'xray')))
      .rejects.toThrow('pretrain.pool.mriShare 0.2 asks for MRI images but the pretraining pool has none (24 X-ray)');
    expect(await store.exists('pretrain', 'checkpoint')).toBe(false);
  });
});
