// `bench select` candidates read through runtime/model/checkpoint: released DINOv2, timm and DINO v1 layouts
// (tests/fixtures/released, written by scripts/fixtures/generate_released_fixtures.py) resolve to their architecture
// from the tensor shapes and load to PyTorch's CLS features; an orthobench checkpoint's `config` metadata gives
// what shapes cannot (attention heads, input normalisation).
import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import type { SelectionResult } from '../../benchmarks/selection/selection-result.ts';
import { resolveCandidates, type ResolvedCandidate } from '../../cli/commands/select-candidates.ts';
import { loadCandidateBackbone, selectCommand } from '../../cli/commands/select-run.ts';
import { SpecError } from '../../dsl/issues.ts';
import { loadValidatedSpec } from '../../dsl/load-validated.ts';
import { resolveSpec } from '../../dsl/resolve.ts';
import { initBackend } from '../../runtime/backend.ts';
import { saveBackboneCheckpoint } from '../../runtime/model/checkpoint/backbone-checkpoint.ts';
import { VisionTransformer } from '../../runtime/model/vit.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'released');
const fixture = (name: string): string => join(FIXTURES, `${name}.safetensors`);

const COMMON = [
  'tasks: [kl-grade]',
  'data: { synthetic: { patients: 24, imagesPerPatient: 2 }, imageSize: 16 }',
  // no input normalisation: PyTorch's reference features were computed on the raw pixels
  'backbone: { preset: nano, patchSize: 4, inputNorm: { mean: 0, std: 1 } }',
  'pretrain: { crops: { global: { size: 16 }, local: { size: 8 } } }',
  'eval: { folds: 2, probe: { l2Grid: [] } }',
];

let dir = '';
let reference: { dinov2: { nativeImages: number[]; nativeTanh: number[][] }; dinoV1: { images: number[]; tanh: number[][] } };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'orthobench-select-released-'));
  await initBackend('wasm');
  reference = JSON.parse(await readFile(join(FIXTURES, 'released-reference.json'), 'utf8')) as typeof reference;
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  tf.disposeVariables();
});

async function resolve(candidateLines: string[]): Promise<ResolvedCandidate[]> {
  const file = join(dir, 'select.yaml');
  await writeFile(file, ['name: released', ...COMMON, 'select:', '  candidates:', ...candidateLines, ''].join('\n'));
  const { loaded, spec } = await loadValidatedSpec(file);
  return resolveCandidates({ loaded, resolved: resolveSpec(spec), runsDir: join(dir, 'runs') });
}

async function maxDiffToReference(candidate: ResolvedCandidate, images: number[], expected: number[][]): Promise<number> {
  const vit = await loadCandidateBackbone(candidate, 0);
  const features = vit.features(tf.tensor3d(images, [images.length / 256, 16, 16]));
  vit.dispose();
  return tf.max(tf.abs(tf.sub(features, tf.tensor2d(expected)))).dataSync()[0];
}

describe('bench select with released checkpoints', () => {
  it('resolves DINOv2, timm and DINO v1 layouts from their shapes and loads them to PyTorch’s features', async () => {
    const [dinov2, timm, dinoV1] = await resolve([
      `    - { name: dinov2, init: ${fixture('dinov2-nano')} }`,
      `    - { name: timm, init: ${fixture('timm-nano')} }`,
      `    - { name: dino-v1, init: ${fixture('dino-v1-nano')} }`,
    ]);
    // width 16 matches no preset: the heads are the spec's backbone's (nano: 2), as for backbone.init
    expect(dinov2.preset).toBeUndefined();
    expect(dinov2.source).toMatchObject({ kind: 'checkpoint', format: 'dinov2' });
    expect(dinov2.config).toEqual({
      imageSize: 16, patchSize: 4, dim: 16, depth: 2, heads: 2, mlpRatio: 2, registers: 2, layerScale: 1e-5, inChannels: 1, inputNorm: { mean: 0, std: 1 },
    });
    expect(timm.source).toMatchObject({ format: 'timm' });
    expect(timm.config).toMatchObject({ imageSize: 16, registers: 2 }); // pos_embed without a CLS row: 16 = 4² rows
    expect(dinoV1.config).toMatchObject({ registers: 0, layerScale: 0 });
    const { nativeImages, nativeTanh } = reference.dinov2;
    expect(await maxDiffToReference(dinov2, nativeImages, nativeTanh)).toBeLessThan(1e-5);
    expect(await maxDiffToReference(timm, nativeImages, nativeTanh)).toBeLessThan(1e-5);
    expect(await maxDiffToReference(dinoV1, reference.dinoV1.images, reference.dinoV1.tanh)).toBeLessThan(1e-5);
  });

  it('takes an orthobench checkpoint’s architecture and normalisation from its config metadata', async () => {
    // 4 heads of width 8: the shapes alone would have given the spec's 2 heads
    const config = { imageSize: 16, patchSize: 4, dim: 32, depth: 1, heads: 4, mlpRatio: 3, inputNorm: { mean: 0.4, std: 0.2 } };
    const vit = VisionTransformer.create(config, new Rng(3), 'saved');
    await saveBackboneCheckpoint(join(dir, 'custom.safetensors'), vit, { role: 'dino-teacher' });
    const [custom] = await resolve([`    - { name: custom, init: ${join(dir, 'custom.safetensors')} }`, '    - { name: random-a }']);
    expect(custom.source).toMatchObject({ format: 'orthobench' });
    expect(custom.config).toEqual(config);
    const loaded = await loadCandidateBackbone(custom, 0);
    const images = tf.randomUniform([2, 16, 16], 0, 1, 'float32', 5) as tf.Tensor3D;
    expect(tf.max(tf.abs(tf.sub(loaded.features(images), vit.features(images)))).dataSync()[0]).toBe(0);
    loaded.dispose();
    vit.dispose();
  });

  it('ranks a DINOv2-layout candidate end to end (bench select)', async () => {
    const file = join(dir, 'e2e.yaml');
    const lines = COMMON.map((line) => (line.startsWith('data:') ? `data: { synthetic: { patients: 24, imagesPerPatient: 2 }, imageSize: 16, dir: ${join(dir, 'data')} }` : line));
    const candidates = ['    - { name: random-a }', `    - { name: dinov2, init: ${fixture('dinov2-nano')} }`];
    await writeFile(file, ['name: released-e2e', ...lines, 'select:', '  measure: none', '  candidates:', ...candidates, ''].join('\n'));
    await selectCommand(file, { out: join(dir, 'out'), runs: join(dir, 'runs'), tracking: 'none', quiet: true });
    const result = JSON.parse(await readFile(join(dir, 'out', 'select-result.json'), 'utf8')) as SelectionResult;
    const dinov2 = result.candidates[1];
    expect(dinov2).toMatchObject({ name: 'dinov2', checkpoint: fixture('dinov2-nano'), patchSize: 4, featureDim: 16 });
    expect(dinov2.preset).toBeUndefined();
    expect(dinov2.scores.map((s) => s.estimator)).toEqual(['logme', 'nleep', 'sfda', 'parc', 'ped', 'itm']);
    expect(await readFile(join(dir, 'out', 'select-report.md'), 'utf8')).toContain(`16-d/4 ${fixture('dinov2-nano')}`);
  }, 60_000);

  it('places a preset that contradicts a released checkpoint at the candidate', async () => {
    const error = await resolve([`    - { name: dinov2, preset: micro, init: ${fixture('dinov2-nano')} }`, '    - { name: random-a }']).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).issues.map((i) => i.message)).toEqual([
      expect.stringMatching(/^preset micro does not match the checkpoint .*dinov2-nano\.safetensors \(a ViT of width 16, depth 2 and MLP width 32, which no preset matches\)/),
    ]);
  });
});
