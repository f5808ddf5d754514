// Reads a checkpoint's architecture off its tensor shapes (width, depth, MLP width, patch size, channels,
// registers, LayerScale) and turns each difference from the configured backbone into the spec change that fixes
// it. Heads cannot be read from weights; the preset's are assumed.
import { VIT_PRESETS } from '../../../dsl/presets.ts';
import type { BackbonePreset } from '../../../dsl/types.ts';
import type { VitDescription } from '../vit-description.ts';
import type { CheckpointFormat } from './checkpoint-format.ts';

export interface CheckpointArchitectureGuess {
  dim?: number;
  depth?: number;
  mlpHidden?: number;
  patchSize?: number;
  inChannels?: number;
  registers: number;
  layerScale: boolean;
}

/** `shapes` keyed by orthobench names, in the file's own layout (torch or orthobench). */
export function guessArchitecture(shapes: ReadonlyMap<string, readonly number[]>, format: CheckpointFormat): CheckpointArchitectureGuess {
  const blockIndices = [...shapes.keys()].map((n) => /^blocks\.(\d+)\./.exec(n)?.[1]).filter((i) => i !== undefined).map(Number);
  const fc1 = shapes.get('blocks.0.mlp.fc1.weight');
  const patch = shapes.get('patch_embed.proj.weight');
  const torch = format !== 'orthobench';
  return {
    dim: shapes.get('cls_token')?.at(-1),
    depth: blockIndices.length > 0 ? Math.max(...blockIndices) + 1 : undefined,
    mlpHidden: fc1 ? (torch ? fc1[0] : fc1[1]) : undefined,
    patchSize: torch && patch?.length === 4 ? patch[2] : undefined,
    inChannels: torch && patch?.length === 4 ? patch[1] : undefined,
    registers: shapes.get('register_tokens')?.[1] ?? 0,
    layerScale: shapes.has('blocks.0.ls1.gamma'),
  };
}

function presetFor(dim: number, depth: number, hidden: number | undefined): BackbonePreset | undefined {
  return (Object.keys(VIT_PRESETS) as BackbonePreset[]).find((p) => {
    const d = VIT_PRESETS[p];
    return d.dim === dim && d.depth === depth && (hidden === undefined || Math.round(d.dim * d.mlpRatio) === hidden);
  });
}

export function checkpointHints(guess: CheckpointArchitectureGuess, target: VitDescription): string[] {
  const hints: string[] = [];
  const { dim, depth, mlpHidden } = guess;
  if (dim !== undefined && depth !== undefined && (dim !== target.dim || depth !== target.depth || (mlpHidden ?? target.mlpHidden) !== target.mlpHidden)) {
    const preset = presetFor(dim, depth, mlpHidden);
    const shape = `width ${dim}, depth ${depth}${mlpHidden === undefined ? '' : `, MLP width ${mlpHidden}`}`;
    hints.push(preset ? `the checkpoint is a ViT of ${shape}: set backbone.preset: ${preset}` : `the checkpoint is a ViT of ${shape}, which no preset matches`);
  }
  if (guess.patchSize !== undefined && guess.patchSize !== target.patchSize) {
    hints.push(`the checkpoint's patches are ${guess.patchSize} px: set backbone.patchSize: ${guess.patchSize} (and sizes that are multiples of it)`);
  }
  if (guess.registers !== target.registers) hints.push(`the checkpoint has ${guess.registers} register tokens: set backbone.registers: ${guess.registers}`);
  if (guess.layerScale && target.layerScale === 0) hints.push('the checkpoint has LayerScale (ls1/ls2.gamma): set backbone.layerScale > 0, e.g. 1e-5 (the loaded γ replace it)');
  if (!guess.layerScale && target.layerScale > 0 && depth !== undefined) hints.push('the checkpoint has no LayerScale: set backbone.layerScale: 0');
  return hints;
}
