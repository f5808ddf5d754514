// orthobench's own backbone checkpoints: metadata stating layout and architecture, exact round trip, detection
// without metadata, positional resampling to another image size, and `backbone.init` resolved into a model.
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { DEFAULTS } from '../../dsl/defaults.ts';
import { initBackend } from '../../runtime/backend.ts';
import { decodeSafetensors, encodeSafetensors, loadSafetensors, saveSafetensors } from '../../runtime/io/safetensors.ts';
import {
  backboneFromCheckpoint, initialBackbone, readBackboneCheckpoint, saveBackboneCheckpoint,
} from '../../runtime/model/checkpoint/backbone-checkpoint.ts';
import { resamplePosEmbed } from '../../runtime/model/pos-embed-resample.ts';
import { vitConfigFrom, type VitConfig } from '../../runtime/model/vit-config.ts';
import { VisionTransformer } from '../../runtime/model/vit.ts';

const CONFIG: VitConfig = { imageSize: 16, patchSize: 4, dim: 16, depth: 2, heads: 2, mlpRatio: 2, registers: 1, layerScale: 0.1, inChannels: 3 };
const work = mkdtempSync(join(tmpdir(), 'orthobench-weights-'));

beforeAll(async () => {
  await initBackend('wasm');
});

const images = (n: number, size: number, seed: number): tf.Tensor3D => tf.randomUniform([n, size, size], 0, 1, 'float32', seed);
const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];

describe('orthobench checkpoints', () => {
  it('state the layout and the architecture in their metadata, and round-trip bit for bit', async () => {
    const vit = VisionTransformer.create(CONFIG, new Rng(1), 'saved');
    const path = join(work, 'saved.safetensors');
    await saveBackboneCheckpoint(path, vit, { role: 'dino-teacher' });
    const { metadata } = await loadSafetensors(path);
    expect(metadata.format).toBe('orthobench-vit');
    expect(metadata.role).toBe('dino-teacher');
    expect(metadata.layout).toMatch(/linear weights \[in, out\]/);
    expect(JSON.parse(metadata.config)).toEqual(CONFIG);
    const converted = await readBackboneCheckpoint(path, CONFIG);
    expect(converted.report.format).toBe('orthobench');
    expect(converted.report.formatReason).toMatch(/metadata/);
    expect(converted.report.conversions).toEqual([]);
    const again = backboneFromCheckpoint(converted, CONFIG, new Rng(99), 'again');
    const x = images(2, 16, 2);
    expect(maxAbsDiff(vit.features(x), again.features(x))).toBe(0);
    vit.dispose();
    again.dispose();
  });

  it('without metadata are recognised by their 2-D patch matrix', async () => {
    const vit = VisionTransformer.create(CONFIG, new Rng(3), 'bare');
    const path = join(work, 'bare.safetensors');
    await saveSafetensors(path, vit.toWeights());
    const { report } = await readBackboneCheckpoint(path, CONFIG);
    expect(report.format).toBe('orthobench');
    expect(report.loaded).toHaveLength(vit.params.names().length);
    vit.dispose();
  });

  it('load at another image size with a bicubic positional grid, and with 3 → 1 channels summed', async () => {
    const vit = VisionTransformer.create(CONFIG, new Rng(4), 'small-grid');
    const path = join(work, 'grid.safetensors');
    await saveBackboneCheckpoint(path, vit);
    const target: VitConfig = { ...CONFIG, imageSize: 24, inChannels: 1 };
    const { weights, report } = await readBackboneCheckpoint(path, target);
    expect(report.conversions).toEqual([
      'pos_embed: bicubic resampling of the 4×4 grid to 6×6',
      'patch_embed: 3 → 1 input channels by summing the RGB kernels (exact for grayscale replicated to RGB)',
    ]);
    const pos = vit.toWeights().get('pos_embed')!;
    expect(weights.get('pos_embed')!.data).toEqual(resamplePosEmbed(pos.data, 16, 4, 6, 1));
    // features at the checkpoint's own size agree: the 1-channel kernel sees the same replicated gray
    const gray = backboneFromCheckpoint(await readBackboneCheckpoint(path, { ...CONFIG, inChannels: 1 }), { ...CONFIG, inChannels: 1 }, new Rng(0), 'gray');
    const x = images(2, 16, 5);
    expect(maxAbsDiff(vit.features(x), gray.features(x))).toBeLessThan(1e-5);
    vit.dispose();
    gray.dispose();
  });
});

describe('initialBackbone (backbone.init)', () => {
  it('"random" is VisionTransformer.create with the same rng, bit for bit', async () => {
    const config = vitConfigFrom(DEFAULTS.backbone, 64);
    const a = await initialBackbone(DEFAULTS.backbone, config, new Rng(0).fork('init'));
    const b = VisionTransformer.create(config, new Rng(0).fork('init'), 'init');
    const x = images(2, 64, 6);
    expect(maxAbsDiff(a.features(x), b.features(x))).toBe(0);
    a.dispose();
    b.dispose();
  });

  it('a path loads the file, reporting to info; initStrict false warns about what is missing', async () => {
    const vit = VisionTransformer.create(CONFIG, new Rng(7), 'file');
    const path = join(work, 'init.safetensors');
    await saveBackboneCheckpoint(path, vit);
    const spec = { ...DEFAULTS.backbone, init: path, registers: 1, layerScale: 0.1, inChannels: 3 as const };
    const info: string[] = [];
    const loaded = await initialBackbone(spec, CONFIG, new Rng(0), { info: (m) => info.push(m) });
    expect(info[0]).toMatch(/orthobench layout/);
    const x = images(2, 16, 8);
    expect(maxAbsDiff(vit.features(x), loaded.features(x))).toBe(0);

    const { tensors, metadata } = decodeSafetensors(encodeSafetensors(vit.toWeights(), {}));
    tensors.delete('norm.bias');
    const partial = join(work, 'partial.safetensors');
    writeFileSync(partial, encodeSafetensors(tensors, metadata));
    await expect(initialBackbone({ ...spec, init: partial }, CONFIG, new Rng(0))).rejects.toThrow(/missing \(1\): norm.bias/);
    const warnings: string[] = [];
    const kept = await initialBackbone({ ...spec, init: partial, initStrict: false }, CONFIG, new Rng(0), { warn: (m) => warnings.push(m) });
    expect(warnings[0]).toMatch(/missing \(1\): norm.bias/);
    expect([...new Set(kept.toWeights().get('norm.bias')!.data)]).toEqual([0]);
    [vit, loaded, kept].forEach((m) => m.dispose());
  });
});

describe('safetensors dtypes', () => {
  /** A one-tensor file with raw little-endian bytes of the given dtype. */
  function fileWith(dtype: string, bytes: number[]): Uint8Array {
    const header = Buffer.from(JSON.stringify({ t: { dtype, shape: [bytes.length / (dtype === 'F64' ? 8 : 2)], data_offsets: [0, bytes.length] } }));
    const out = new Uint8Array(8 + header.length + bytes.length);
    new DataView(out.buffer).setBigUint64(0, BigInt(header.length), true);
    out.set(header, 8);
    out.set(bytes, 8 + header.length);
    return out;
  }
  const u16 = (...values: number[]): number[] => values.flatMap((v) => [v & 0xff, v >> 8]);

  it('reads F16 (normal, subnormal, infinite) and BF16 as float32', () => {
    // IEEE half: 0x3C00 = 1, 0xC000 = −2, 0x3555 = 0.333251953125, 0x0001 = 2⁻²⁴, 0x7C00 = +∞
    const half = decodeSafetensors(fileWith('F16', u16(0x3c00, 0xc000, 0x3555, 0x0001, 0x7c00))).tensors.get('t')!.data;
    expect(Array.from(half)).toEqual([1, -2, 0.333251953125, 2 ** -24, Number.POSITIVE_INFINITY]);
    // bfloat16 is the top half of a float32: 0x3F80 = 1, 0xC040 = −3, 0x3EAB = 0.333984375
    const bf16 = decodeSafetensors(fileWith('BF16', u16(0x3f80, 0xc040, 0x3eab))).tensors.get('t')!.data;
    expect(Array.from(bf16)).toEqual([1, -3, 0.333984375]);
  });

  it('rejects dtypes it cannot represent, naming the tensor', () => {
    expect(() => decodeSafetensors(fileWith('I64', [0, 0, 0, 0, 0, 0, 0, 0]), 'x.safetensors')).toThrow(/x.safetensors: tensor t has dtype I64/);
  });
});
