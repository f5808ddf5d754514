// What a checkpoint candidate of `bench select` is, read from the safetensors header alone (huggingface/safetensors:
// u64-LE header length, then a JSON header of tensor shapes and metadata): the ViT orthobench wrote in its `config`
// metadata, or else one read off the shapes in any layout runtime/model/checkpoint loads (orthobench, DINOv2, timm).
import { existsSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { VIT_PRESETS } from '../../dsl/presets.ts';
import type { BackbonePreset, InputNormSpec } from '../../dsl/types.ts';
import { canonicalName, detectCheckpointFormat, stripWrapperPrefixes, type CheckpointFormat } from '../../runtime/model/checkpoint/checkpoint-format.ts';
import { guessArchitecture } from '../../runtime/model/checkpoint/checkpoint-hints.ts';
import { posEmbedGrid } from '../../runtime/model/checkpoint/tensor-layout.ts';
import { validateVitConfig, type VitConfig } from '../../runtime/model/vit-config.ts';

export interface CheckpointArchitecture {
  /** The preset of the checkpoint's width, depth and MLP width; undefined when none matches. */
  preset?: BackbonePreset;
  /** The backbone to load it into; its imageSize is the side the positional embedding was learnt for. */
  config: VitConfig;
  format: CheckpointFormat;
  /** Where the architecture came from. */
  from: 'config metadata' | 'tensor shapes';
  /** "a micro ViT", or its dimensions when no preset matches: for messages. */
  description: string;
}

interface CheckpointHeader {
  shapes: Map<string, number[]>;
  metadata: Record<string, string>;
}

/**
 * The architecture of a checkpoint. Weights do not show the number of attention heads: a checkpoint without
 * `config` metadata takes them from its preset, or else `fallbackHeads` (the spec's backbone, as backbone.init
 * does). Throws an Error whose message says what is wrong with the file (the caller places it in the spec).
 */
export async function readCheckpointArchitecture(path: string, fallbackHeads: number): Promise<CheckpointArchitecture> {
  const header = await readHeader(path);
  const { renamed } = stripWrapperPrefixes([...header.shapes.keys()]);
  const stripped = new Map([...renamed].map(([original, name]) => [name, header.shapes.get(original)!]));
  let format: CheckpointFormat;
  try {
    format = detectCheckpointFormat(stripped, header.metadata).format;
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
  const stored = configFromMetadata(path, header.metadata);
  const config = stored ?? configFromShapes(path, new Map([...stripped].map(([name, shape]) => [canonicalName(name, format), shape])), format, fallbackHeads);
  const preset = presetOf(config);
  const hidden = Math.round(config.dim * config.mlpRatio);
  const description = preset ? `a ${preset} ViT` : `a ViT of width ${config.dim}, depth ${config.depth} and MLP width ${hidden}, which no preset matches`;
  return { ...(preset ? { preset } : {}), config, format, from: stored ? 'config metadata' : 'tensor shapes', description };
}

/** The VitConfig saveBackboneCheckpoint writes as JSON in the `config` metadata; undefined when absent. */
function configFromMetadata(path: string, metadata: Record<string, string>): VitConfig | undefined {
  if (metadata.config === undefined) return undefined;
  let config: VitConfig;
  try {
    config = JSON.parse(metadata.config) as VitConfig;
    validateVitConfig(config);
  } catch (error) {
    throw new Error(`${path}: unreadable "config" metadata (${(error as Error).message})`);
  }
  return config;
}

function configFromShapes(path: string, shapes: ReadonlyMap<string, readonly number[]>, format: CheckpointFormat, fallbackHeads: number): VitConfig {
  const guess = guessArchitecture(shapes, format);
  const grid = posEmbedGrid(shapes.get('pos_embed') ?? []);
  const patch = format === 'orthobench' ? orthobenchPatch(shapes.get('patch_embed.proj.weight')) : guess.patchSize === undefined ? undefined : { size: guess.patchSize, channels: 1 as const };
  const { dim, depth, mlpHidden } = guess;
  if (dim === undefined || depth === undefined || mlpHidden === undefined || grid === undefined || patch === undefined) {
    throw new Error(`${path} holds no ViT backbone that orthobench reads (${format} layout: needs cls_token, pos_embed, patch_embed.proj.weight and blocks.*.mlp.fc1.weight)`);
  }
  const preset = (Object.keys(VIT_PRESETS) as BackbonePreset[]).find((p) => VIT_PRESETS[p].dim === dim && VIT_PRESETS[p].depth === depth && Math.round(dim * VIT_PRESETS[p].mlpRatio) === mlpHidden);
  const heads = preset ? VIT_PRESETS[preset].heads : fallbackHeads;
  if (dim % heads !== 0) throw new Error(`${path}: a ViT of width ${dim} matches no preset, and the spec's backbone has ${heads} heads, which do not divide ${dim}`);
  // Torch layouts are RGB kernels; loading them into 1 channel sums them (exact for grayscale images).
  return {
    imageSize: grid.grid * patch.size, patchSize: patch.size, dim, depth, heads, mlpRatio: mlpHidden / dim,
    registers: guess.registers, layerScale: guess.layerScale ? 1e-5 : 0, inChannels: patch.channels,
  };
}

/** Patch side and channels of our [C·p², D] patch matrix: one channel when C·p² is a square, else three. */
function orthobenchPatch(shape: readonly number[] | undefined): { size: number; channels: 1 | 3 } | undefined {
  if (shape?.length !== 2) return undefined;
  const square = (n: number) => Number.isInteger(Math.sqrt(n)) && n > 0;
  if (square(shape[0])) return { size: Math.sqrt(shape[0]), channels: 1 };
  if (shape[0] % 3 === 0 && square(shape[0] / 3)) return { size: Math.sqrt(shape[0] / 3), channels: 3 };
  return undefined;
}

function presetOf(config: VitConfig): BackbonePreset | undefined {
  return (Object.keys(VIT_PRESETS) as BackbonePreset[]).find((p) => {
    const d = VIT_PRESETS[p];
    return d.dim === config.dim && d.depth === config.depth && d.heads === config.heads && d.mlpRatio === config.mlpRatio;
  });
}

async function readHeader(path: string): Promise<CheckpointHeader> {
  const file = await open(path, 'r');
  try {
    const prefix = Buffer.alloc(8);
    const { bytesRead } = await file.read(prefix, 0, 8, 0);
    if (bytesRead < 8) throw new Error(`${path}: not a safetensors file (${bytesRead} bytes)`);
    const headerLength = Number(prefix.readBigUInt64LE(0));
    const { size } = await file.stat();
    if (headerLength > size - 8) throw new Error(`${path}: not a safetensors file (header length ${headerLength} exceeds the file)`);
    const header = Buffer.alloc(headerLength);
    await file.read(header, 0, headerLength, 8);
    const entries = JSON.parse(header.toString('utf8')) as Record<string, { shape?: number[] } | Record<string, string>>;
    const metadata = (entries.__metadata__ ?? {}) as Record<string, string>;
    const shapes = new Map(Object.entries(entries).filter(([name]) => name !== '__metadata__').map(([name, entry]) => [name, (entry as { shape?: number[] }).shape ?? []]));
    return { shapes, metadata };
  } catch (error) {
    if (error instanceof SyntaxError) throw new Error(`${path}: not a safetensors file (unreadable header)`);
    throw error;
  } finally {
    await file.close();
  }
}

/**
 * The input normalisation a job's checkpoint was trained with, from the spec.json `bench run` stores in the job
 * folder (runs/<job>/spec.json beside runs/<job>/pretrain/teacher.safetensors); undefined for other files.
 * A job from before input normalisation existed (no inputNorm in its spec) was trained without one: null.
 */
export function inputNormOfJobCheckpoint(path: string): InputNormSpec | null | undefined {
  const specFile = join(dirname(dirname(path)), 'spec.json');
  if (!existsSync(specFile)) return undefined;
  try {
    const stored = JSON.parse(readFileSync(specFile, 'utf8')) as { spec?: { backbone?: { inputNorm?: InputNormSpec } } };
    if (stored.spec?.backbone === undefined) return undefined;
    return stored.spec.backbone.inputNorm ?? null;
  } catch {
    return undefined;
  }
}
