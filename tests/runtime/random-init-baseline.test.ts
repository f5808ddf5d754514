// The random-init baseline is a seeded random ViT of the evaluated architecture, whatever backbone.init says: with a
// checkpoint init (evaluating a released model without pretraining here, or continuing from it) it must not be the
// checkpoint, and it must be the very ViT a random-init spec with the same seed would probe.
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
import { saveBackboneCheckpoint } from '../../runtime/model/checkpoint/backbone-checkpoint.ts';
import { vitConfigFrom } from '../../runtime/model/vit-config.ts';
import { VisionTransformer } from '../../runtime/model/vit.ts';

let dir = '';
beforeAll(async () => {
  await initBackend('wasm');
  dir = await mkdtemp(join(tmpdir(), 'orthobench-random-init-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const weights = (vit: VisionTransformer): number[] => [...vit.toWeights().values()].flatMap((w) => Array.from(w.data));

describe('the random-init baseline', () => {
  it('is a seeded random ViT, not the checkpoint, when backbone.init is a checkpoint', async () => {
    const randomSpec = resolveSpec({ name: 'init', data: { imageSize: 16 }, backbone: { preset: 'nano', patchSize: 4 }, pretrain: { method: 'none' } });
    const config = vitConfigFrom(randomSpec.backbone, 16);
    const checkpoint = join(dir, 'released.safetensors');
    const released = VisionTransformer.create(config, new Rng(99), 'released');
    await saveBackboneCheckpoint(checkpoint, released);
    const checkpointSpec = { ...randomSpec, backbone: { ...randomSpec.backbone, init: checkpoint } };

    const fromRandom = await runPretrainStage(randomSpec, [], new Rng(5), new JobStore(dir, 'a'), SILENT_EVENTS);
    const fromCheckpoint = await runPretrainStage(checkpointSpec, [], new Rng(5), new JobStore(dir, 'b'), SILENT_EVENTS);
    // random init: one ViT plays all three parts
    expect(fromRandom.randomInit).toBe(fromRandom.initial);
    expect(fromRandom.pretrained).toBe(fromRandom.initial);
    // checkpoint init: the evaluated backbone is the checkpoint, the baseline the same seeded random ViT as above
    expect(weights(fromCheckpoint.pretrained)).toEqual(weights(released));
    expect(fromCheckpoint.randomInit).not.toBe(fromCheckpoint.initial);
    expect(weights(fromCheckpoint.randomInit)).toEqual(weights(fromRandom.randomInit));
    expect(weights(fromCheckpoint.randomInit)).not.toEqual(weights(released));
    [released, fromRandom.initial, fromCheckpoint.initial, fromCheckpoint.randomInit].forEach((m) => m.dispose());
  });
});
