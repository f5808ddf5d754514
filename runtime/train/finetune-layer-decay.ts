// Layer-wise learning-rate decay for fine-tuning (BEiT `LayerDecayValueAssigner`; DINOv2 `get_vit_lr_decay_rate`):
// layer 0 = patch/position embedding and tokens, block i = layer i + 1, final norm and head = depth + 1, and a
// parameter's rate is lr × decay^(depth + 1 − layer), so the head trains at lr and the embedding slowest.
import type { AdamW } from './adamw.ts';

/** The BEiT/DINOv2 layer id of a ViT (or head) parameter name. */
export function vitLayerId(name: string, depth: number): number {
  if (/^(cls_token|pos_embed|register_tokens|mask_token)$/.test(name) || name.startsWith('patch_embed.')) return 0;
  const block = /^blocks\.(\d+)\./.exec(name);
  if (block) return Number(block[1]) + 1;
  return depth + 1;
}

/** Learning-rate multiplier decay^(depth + 1 − layer id). */
export function layerDecayScale(name: string, depth: number, decay: number): number {
  return decay ** (depth + 1 - vitLayerId(name, depth));
}

/** Parameters that share one multiplier; `others` are the names to hold still while this group steps. */
export interface LrGroup {
  scale: number;
  members: string[];
  others: ReadonlySet<string>;
}

export function layerDecayGroups(names: readonly string[], depth: number, decay: number): LrGroup[] {
  if (decay === 1) return [{ scale: 1, members: [...names], others: new Set() }];
  const byScale = new Map<number, string[]>();
  for (const name of names) {
    const scale = layerDecayScale(name, depth, decay);
    byScale.set(scale, [...(byScale.get(scale) ?? []), name]);
  }
  return [...byScale].map(([scale, members]) => ({ scale, members, others: new Set(names.filter((n) => !members.includes(n))) }));
}

/**
 * One AdamW step with a learning rate per group: AdamW.step once per group with every other parameter frozen, which
 * leaves their moments and step counts untouched, as torch's per-param-group lr does (decay also uses the group lr).
 */
export function stepWithLayerDecay(optimizer: AdamW, groups: readonly LrGroup[], gradients: Float32Array, lr: number, weightDecay: number): void {
  for (const group of groups) optimizer.step(gradients, lr * group.scale, weightDecay, group.others);
}
