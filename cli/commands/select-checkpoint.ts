// What a checkpoint candidate of `bench select` is, read from the safetensors header alone (huggingface/safetensors:
// u64-LE header length, then a JSON header of tensor shapes): the ViT preset, patch size and the image size its
// positional embedding was learnt at, so a checkpoint needs no architecture written beside it in the spec.
import { existsSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { VIT_PRESETS } from '../../dsl/presets.ts';
import type { BackbonePreset, InputNormSpec } from '../../dsl/types.ts';

export interface CheckpointArchitecture {
  preset: BackbonePreset;
  patchSize: number;
  /** Side of the images the positional embedding was learnt for (features at other sizes resample it). */
  imageSize: number;
}

/** Throws an Error whose message says what is wrong with the file (the caller places it in the spec). */
export async function readCheckpointArchitecture(path: string): Promise<CheckpointArchitecture> {
  const shapes = await readTensorShapes(path);
  const shapeOf = (name: string): number[] => {
    const shape = shapes.get(name);
    if (shape === undefined) throw new Error(`${path} holds no tensor "${name}": not a ViT backbone written by orthobench`);
    return shape;
  };
  const dim = shapeOf('cls_token').at(-1)!;
  const patchSize = Math.round(Math.sqrt(shapeOf('patch_embed.proj.weight')[0]));
  const grid = Math.round(Math.sqrt(shapeOf('pos_embed')[1] - 1));
  const depth = new Set([...shapes.keys()].map((name) => /^blocks\.(\d+)\./.exec(name)?.[1]).filter((i) => i !== undefined)).size;
  const hidden = shapeOf('blocks.0.mlp.fc1.weight')[1];
  const preset = (Object.keys(VIT_PRESETS) as BackbonePreset[]).find((p) => {
    const dims = VIT_PRESETS[p];
    return dims.dim === dim && dims.depth === depth && Math.round(dims.dim * dims.mlpRatio) === hidden;
  });
  if (preset === undefined) throw new Error(`${path}: a ViT of width ${dim}, depth ${depth} and MLP width ${hidden} matches no preset`);
  return { preset, patchSize, imageSize: grid * patchSize };
}

async function readTensorShapes(path: string): Promise<Map<string, number[]>> {
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
    const entries = JSON.parse(header.toString('utf8')) as Record<string, { shape?: number[] }>;
    return new Map(Object.entries(entries).filter(([name]) => name !== '__metadata__').map(([name, entry]) => [name, entry.shape ?? []]));
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
