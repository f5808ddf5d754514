// The DINOv2 options (Sinkhorn–Knopp centring, iBOT) are off by default, and the default path must train to
// exactly the weights it gave before they existed: the hash below was recorded on the code before the options
// were added (commit 418c410, WASM backend).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { initBackend } from '../../runtime/backend.ts';
import { VisionTransformer } from '../../runtime/model/vit.ts';
import type { WeightMap } from '../../runtime/model/weights.ts';
import { shutdownReplicaWorkers } from '../../runtime/train/parallel/replica-workers.ts';
import { pretrainDino } from '../../runtime/train/pretrain-dino.ts';
import { standInShapes } from './stand-in-shapes.ts';
import { TINY_VIT, tinyPretrain } from './tiny-setup.ts';

/** sha256 prefix of the teacher and student weights and logged losses, by replica count. */
const RECORDED_HASHES: Record<number, string> = { 1: '8b43cb15c83eac98', 2: '9cbcd0302c71277f' };

function hashWeights(hash: ReturnType<typeof createHash>, weights: WeightMap): void {
  for (const name of [...weights.keys()].sort()) {
    const w = weights.get(name)!;
    hash.update(name);
    hash.update(new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.byteLength));
  }
}

beforeAll(async () => {
  await initBackend('wasm');
});
afterAll(async () => {
  await shutdownReplicaWorkers();
});

describe('default pretraining is unchanged by the DINOv2 options', () => {
  it.each([1, 2])('trains a tiny default-config run on %i replica(s) to the recorded weights and losses, bit for bit', async (replicas) => {
    const data = standInShapes(16, 16, 11);
    const result = await pretrainDino({
      images: data.images, imageSize: 16, backbone: VisionTransformer.create(TINY_VIT, new Rng(11), 'default-hash'),
      pretrain: tinyPretrain({ steps: 2 }), rng: new Rng(11), replicas,
    });
    expect(result.replicas).toBe(replicas);
    const hash = createHash('sha256');
    hashWeights(hash, result.teacher.toWeights());
    hashWeights(hash, result.student.toWeights());
    hash.update(JSON.stringify(result.log.map((e) => [e.loss, e.koleoLoss, e.teacherEntropy])));
    result.teacher.dispose();
    result.student.dispose();
    expect(hash.digest('hex').slice(0, 16)).toBe(RECORDED_HASHES[replicas]);
  });
});
