// Loading released weights: nano checkpoints in the DINOv2 hub, timm and DINO v1 layouts, written with torch shapes
// by scripts/fixtures/generate_released_fixtures.py, must give PyTorch's CLS features (same tanh GELU) after the
// renames, transposes, RGB → gray kernel sums and bicubic positional resampling; broken files must fail loudly.
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { initBackend } from '../../runtime/backend.ts';
import { decodeSafetensors, encodeSafetensors, type TensorMap } from '../../runtime/io/safetensors.ts';
import { backboneFromCheckpoint, readBackboneCheckpoint } from '../../runtime/model/checkpoint/backbone-checkpoint.ts';
import { CheckpointLoadError, formatLoadReport } from '../../runtime/model/checkpoint/load-report.ts';
import { resamplePosEmbed } from '../../runtime/model/pos-embed-resample.ts';
import type { VitConfig } from '../../runtime/model/vit-config.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'released');
const reference = JSON.parse(readFileSync(join(FIXTURES, 'released-reference.json'), 'utf8')) as {
  images: number[];
  dinov2: { tanh: number[][]; erf: number[][]; nativeImages: number[]; nativeTanh: number[][] };
  dinoV1: { images: number[]; tanh: number[][] };
  bicubic: Array<{ from: number; to: number; input: number[]; output: number[] }>;
};

const NANO = { patchSize: 4, dim: 16, depth: 2, heads: 2, mlpRatio: 2 };
const DINOV2: VitConfig = { ...NANO, imageSize: 24, registers: 2, layerScale: 1e-5 };
const work = mkdtempSync(join(tmpdir(), 'orthobench-released-'));
let edits = 0;

beforeAll(async () => {
  await initBackend('wasm');
});
afterAll(() => tf.disposeVariables());

const fixture = (name: string): string => join(FIXTURES, `${name}.safetensors`);

async function featuresOf(file: string, config: VitConfig, images: number[], size: number): Promise<tf.Tensor2D> {
  const vit = backboneFromCheckpoint(await readBackboneCheckpoint(file, config), config, new Rng(0), 'released');
  const out = vit.features(tf.tensor3d(images, [images.length / (size * size), size, size]));
  vit.dispose();
  return out;
}

const maxAbsDiff = (a: tf.Tensor, b: number[][]): number => tf.max(tf.abs(tf.sub(a, tf.tensor2d(b)))).dataSync()[0];

/** A fixture's tensors, edited, written to a temporary file. */
function editedCopy(name: string, edit: (tensors: TensorMap) => void): string {
  const { tensors, metadata } = decodeSafetensors(readFileSync(fixture(name)));
  edit(tensors);
  const path = join(work, `${name}-${edits++}.safetensors`);
  writeFileSync(path, encodeSafetensors(tensors, metadata));
  return path;
}

async function loadError(file: string, config: VitConfig): Promise<CheckpointLoadError> {
  const error = await readBackboneCheckpoint(file, config).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(CheckpointLoadError);
  return error as CheckpointLoadError;
}

describe('bicubic positional resampling', () => {
  it.each(reference.bicubic.map((c) => [c.from, c.to, c] as const))('%i² → %i² grid matches torch F.interpolate(bicubic)', (_, __, c) => {
    const out = resamplePosEmbed(Float32Array.from(c.input), 2, c.from, c.to, 0);
    expect(Math.max(...c.output.map((v, i) => Math.abs(v - out[i])))).toBeLessThan(1e-5);
  });

  it('keeps the CLS row and offers bilinear', () => {
    const rows = Float32Array.from({ length: (1 + 16) * 2 }, (_, i) => i);
    const out = resamplePosEmbed(rows, 2, 4, 2, 1, 'bilinear');
    expect(Array.from(out.subarray(0, 2))).toEqual([0, 1]);
    // bilinear halving averages 2×2 cells: cells 0, 1, 4, 5 → rows 1, 2, 5, 6 of the input
    expect(out[2]).toBeCloseTo((2 + 4 + 10 + 12) / 4, 5);
  });
});

describe('DINOv2 hub layout', () => {
  it('is detected, skips mask_token, and gives PyTorch’s features through a 4×4 → 6×6 bicubic grid, with 1 or 3 channels', async () => {
    const { report } = await readBackboneCheckpoint(fixture('dinov2-nano'), DINOV2);
    expect(report.format).toBe('dinov2');
    expect(report.ignored).toEqual([{ name: 'mask_token', why: 'iBOT mask token (training only)' }]);
    expect(report.missing).toEqual([]);
    expect(report.unexpected).toEqual([]);
    expect(report.conversions.join('\n')).toMatch(/bicubic resampling of the 4×4 grid to 6×6/);
    expect(report.conversions.join('\n')).toMatch(/3 → 1 input channels by summing/);
    for (const inChannels of [1, 3] as const) {
      const features = await featuresOf(fixture('dinov2-nano'), { ...DINOV2, inChannels }, reference.images, 24);
      expect(maxAbsDiff(features, reference.dinov2.tanh)).toBeLessThan(1e-5);
      // the released models use erf-GELU; our tanh approximation moves these features by ~2.6e-4
      expect(maxAbsDiff(features, reference.dinov2.erf)).toBeLessThan(1e-3);
    }
  });

  it('at the checkpoint’s own grid, needs no resampling', async () => {
    const config = { ...DINOV2, imageSize: 16 };
    const { report } = await readBackboneCheckpoint(fixture('dinov2-nano'), config);
    expect(report.conversions.join('\n')).not.toMatch(/resampling/);
    expect(maxAbsDiff(await featuresOf(fixture('dinov2-nano'), config, reference.dinov2.nativeImages, 16), reference.dinov2.nativeTanh)).toBeLessThan(1e-5);
  });
});

describe('timm and DINO v1 layouts', () => {
  it('timm (reg_token, CLS position folded into cls_token, no CLS pos row, classifier head) gives the same features', async () => {
    const { report } = await readBackboneCheckpoint(fixture('timm-nano'), DINOV2);
    expect(report.format).toBe('timm');
    expect(report.ignored.map((i) => i.name).sort()).toEqual(['head.bias', 'head.weight']);
    expect(report.conversions.join('\n')).toMatch(/no CLS row/);
    expect(maxAbsDiff(await featuresOf(fixture('timm-nano'), DINOV2, reference.images, 24), reference.dinov2.tanh)).toBeLessThan(1e-5);
  });

  it('a DINO v1 teacher (backbone.* beside the DINO head) loads its backbone', async () => {
    const config = { ...NANO, imageSize: 16 };
    const { report } = await readBackboneCheckpoint(fixture('dino-v1-nano'), config);
    expect(report.format).toBe('timm');
    expect(report.ignored.map((i) => i.why)).toEqual(['outside the backbone.* tensors', 'outside the backbone.* tensors']);
    expect(maxAbsDiff(await featuresOf(fixture('dino-v1-nano'), config, reference.dinoV1.images, 16), reference.dinoV1.tanh)).toBeLessThan(1e-5);
  });
});

describe('problems are listed, strict by default', () => {
  it('a tensor of the wrong shape fails, naming it with both shapes', async () => {
    const file = editedCopy('dinov2-nano', (t) => t.set('blocks.1.mlp.fc1.weight', { shape: [16, 32], data: new Float32Array(512) }));
    const error = await loadError(file, DINOV2);
    expect(error.message).toContain('wrong shape: blocks.1.mlp.fc1.weight: file [16, 32] (→ [32, 16] after conversion), expected [16, 32]');
    expect(error.report.mismatched).toHaveLength(1);
  });

  it('a wrong shape fails even when not strict', async () => {
    const file = editedCopy('dinov2-nano', (t) => t.set('norm.bias', { shape: [15], data: new Float32Array(15) }));
    await expect(readBackboneCheckpoint(file, DINOV2, { strict: false })).rejects.toThrow(/norm.bias: file \[15\]/);
  });

  it('a missing tensor fails when strict; non-strict warns and keeps the seeded init', async () => {
    const file = editedCopy('dinov2-nano', (t) => t.delete('blocks.0.ls2.gamma'));
    const error = await loadError(file, DINOV2);
    expect(error.message).toContain('missing (1): blocks.0.ls2.gamma');
    expect(error.message).toContain('backbone.initStrict: false');
    const converted = await readBackboneCheckpoint(file, DINOV2, { strict: false });
    expect(converted.report.missing).toEqual(['blocks.0.ls2.gamma']);
    expect(formatLoadReport(converted.report)).toContain('missing (1): blocks.0.ls2.gamma');
    const vit = backboneFromCheckpoint(converted, DINOV2, new Rng(0), 'partial');
    const w = vit.toWeights();
    expect([...new Set(w.get('blocks.0.ls2.gamma')!.data)]).toEqual([Math.fround(1e-5)]);
    expect(w.get('blocks.0.ls1.gamma')!.data).toEqual(converted.weights.get('blocks.0.ls1.gamma')!.data);
    vit.dispose();
  });

  it('a backbone configured differently gets every problem at once, with the spec fields that fix it', async () => {
    const error = await loadError(fixture('dinov2-nano'), { ...NANO, imageSize: 24 });
    expect(error.message).toContain('unexpected (5): blocks.{0–1}.ls1.gamma, blocks.{0–1}.ls2.gamma, register_tokens');
    expect(error.message).toContain('set backbone.registers: 2');
    expect(error.message).toContain('set backbone.layerScale > 0');
    const wide = await loadError(fixture('dinov2-nano'), { ...DINOV2, dim: 32 });
    expect(wide.report.mismatched.length).toBeGreaterThan(20);
    expect(wide.message).toContain('the checkpoint is a ViT of width 16, depth 2, MLP width 32, which no preset matches');
    const patch = await loadError(fixture('dinov2-nano'), { ...DINOV2, patchSize: 8 });
    expect(patch.message).toContain('set backbone.patchSize: 4');
  });

  it('a forced format that does not fit reports shapes instead of guessing', async () => {
    await expect(readBackboneCheckpoint(fixture('dinov2-nano'), DINOV2, { format: 'orthobench' })).rejects.toThrow(/wrong shape: blocks.0.attn.qkv.weight/);
  });

  it('an unknown layout asks for backbone.initFormat', async () => {
    const file = editedCopy('dino-v1-nano', (t) => {
      for (const name of [...t.keys()]) if (name.includes('patch_embed')) t.delete(name);
    });
    await expect(readBackboneCheckpoint(file, { ...NANO, imageSize: 16 })).rejects.toThrow(/set backbone.initFormat/);
  });
});
