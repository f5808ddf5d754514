// Which layout a backbone checkpoint is in, and how its tensor names map onto ours. orthobench writes timm/DINO
// names with [in, out] linear weights; DINOv2 (facebookresearch/dinov2 hub state dicts) and timm / DINO v1 use the
// same block names in torch layout and differ in a few tensors (register_tokens vs reg_token, mask_token, head).

export type CheckpointFormat = 'orthobench' | 'dinov2' | 'timm';

/** The safetensors `__metadata__.format` orthobench writes beside its backbones. */
export const ORTHOBENCH_FORMAT_TAG = 'orthobench-vit';

export interface FormatGuess {
  format: CheckpointFormat;
  /** Why: the metadata or the tensor names that decided it. */
  reason: string;
}

/** Tensors of a released checkpoint that a backbone does not need, with the reason they are skipped. */
export function knownExtra(name: string, format: CheckpointFormat): string | undefined {
  if (name === 'mask_token') return 'iBOT mask token (training only)';
  if (format !== 'orthobench' && /^head(_dist)?\./.test(name)) return 'classifier / projection head';
  return undefined;
}

/**
 * Strips wrappers around the backbone's names: DistributedDataParallel's `module.`, and a DINO/DINOv2 training
 * checkpoint's `backbone.` (whose other tensors, such as the DINO head, are then outside the backbone).
 */
export function stripWrapperPrefixes(names: readonly string[]): { renamed: Map<string, string>; outside: string[] } {
  const unwrapped = names.map((n) => [n, n.startsWith('module.') ? n.slice('module.'.length) : n] as const);
  const hasBackbone = unwrapped.some(([, n]) => n.startsWith('backbone.'));
  const renamed = new Map<string, string>();
  const outside: string[] = [];
  for (const [original, name] of unwrapped) {
    if (!hasBackbone) renamed.set(original, name);
    else if (name.startsWith('backbone.')) renamed.set(original, name.slice('backbone.'.length));
    else outside.push(original);
  }
  return { renamed, outside };
}

/** The orthobench name of a (prefix-stripped) checkpoint tensor name. */
export function canonicalName(name: string, format: CheckpointFormat): string {
  if (format === 'orthobench') return name;
  if (name === 'reg_token') return 'register_tokens';
  // DINOv2 training checkpoints with block_chunks > 0: blocks.<chunk>.<global index>.…
  return name.replace(/^blocks\.\d+\.(\d+)\./, 'blocks.$1.');
}

/**
 * Detects the layout from the metadata, then the patch embedding's rank (2-D matrix: ours; 4-D Conv2d kernel:
 * torch), then names (DINOv2 and timm share block names; register_tokens is also ours, so names come last).
 */
export function detectCheckpointFormat(shapes: ReadonlyMap<string, readonly number[]>, metadata: Record<string, string>): FormatGuess {
  if (metadata.format === ORTHOBENCH_FORMAT_TAG) return { format: 'orthobench', reason: `metadata format "${ORTHOBENCH_FORMAT_TAG}"` };
  const names = [...shapes.keys()];
  const patch = shapes.get('patch_embed.proj.weight');
  if (patch?.length === 2) return { format: 'orthobench', reason: 'a 2-D patch-embedding matrix (orthobench layout)' };
  const dinov2Marker = names.find((n) => /^mask_token$|^register_tokens$|^blocks\.\d+\.\d+\./.test(n));
  if (dinov2Marker) return { format: 'dinov2', reason: `DINOv2 tensor ${dinov2Marker}` };
  const timmMarker = names.find((n) => /^reg_token$|^head\.weight$|^fc_norm\./.test(n));
  if (timmMarker) return { format: 'timm', reason: `timm tensor ${timmMarker}` };
  if (patch?.length === 4) return { format: 'timm', reason: 'a 4-D Conv2d patch embedding (torch layout, timm / DINO v1 names)' };
  const hf = names.some((n) => n.startsWith('embeddings.') || n.startsWith('encoder.layer.'));
  throw new Error(
    hf
      ? 'tensor names follow Hugging Face transformers (embeddings.*, encoder.layer.*): convert to timm names first (timm checkpoint_filter_fn) or use the original DINOv2 hub weights'
      : `cannot tell the checkpoint's layout (no patch_embed.proj.weight; first names: ${names.slice(0, 5).join(', ')}); set backbone.initFormat`,
  );
}
