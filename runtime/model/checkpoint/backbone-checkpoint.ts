// Backbone checkpoints on disk: reading one in any supported layout into a VisionTransformer (strict by default:
// one error naming every missing, unexpected and wrongly shaped tensor), the spec's `backbone.init` as a model,
// and writing our own with metadata that states the layout and the architecture.
import type { Rng } from '../../../benchmarks/rng.ts';
import type { ResolvedExperiment } from '../../../dsl/types.ts';
import { loadSafetensors, saveSafetensors } from '../../io/safetensors.ts';
import type { PosEmbedResampling } from '../pos-embed-resample.ts';
import type { VitConfig } from '../vit-config.ts';
import { describeVit } from '../vit-description.ts';
import { VisionTransformer } from '../vit.ts';
import { ORTHOBENCH_FORMAT_TAG, type CheckpointFormat } from './checkpoint-format.ts';
import { convertCheckpoint, type ConvertedCheckpoint } from './convert-checkpoint.ts';
import { blockingProblems, CheckpointLoadError, formatLoadReport, type CheckpointLoadReport } from './load-report.ts';

export interface CheckpointReadOptions {
  format?: CheckpointFormat | 'auto';
  /** true (default): any missing or unexpected tensor fails. Wrong shapes always fail. */
  strict?: boolean;
  resampling?: PosEmbedResampling;
}

/** Reads and converts a checkpoint for `config`; throws CheckpointLoadError listing every blocking problem. */
export async function readBackboneCheckpoint(path: string, config: VitConfig, options: CheckpointReadOptions = {}): Promise<ConvertedCheckpoint> {
  const { tensors, metadata } = await loadSafetensors(path);
  const converted = convertCheckpoint(tensors, metadata, describeVit(config), { format: options.format ?? 'auto', file: path, resampling: options.resampling });
  const strict = options.strict ?? true;
  if (blockingProblems(converted.report, strict).length > 0) throw new CheckpointLoadError(converted.report, strict);
  return converted;
}

/**
 * A backbone holding the converted weights; parameters the file lacks keep the seeded init from `rng` (the same
 * values VisionTransformer.create(config, rng) gives them). A complete checkpoint draws nothing from `rng`.
 */
export function backboneFromCheckpoint(converted: ConvertedCheckpoint, config: VitConfig, rng: Rng, label = 'vit'): VisionTransformer {
  if (converted.report.missing.length === 0) return VisionTransformer.fromWeights(config, converted.weights, label);
  const vit = VisionTransformer.create(config, rng, label);
  for (const [name, w] of converted.weights) vit.params.assign(name, w.data);
  return vit;
}

export interface InitialBackboneOptions {
  label?: string;
  /** Receives the load report of a checkpoint (format, conversions). */
  info?: (message: string) => void;
  /** Receives the report when a non-strict load left tensors missing or unexpected. */
  warn?: (message: string) => void;
}

/** The backbone `backbone.init` asks for: seeded random init, or a checkpoint file in any supported layout. */
export async function initialBackbone(
  backbone: ResolvedExperiment['backbone'], config: VitConfig, rng: Rng, options: InitialBackboneOptions = {},
): Promise<VisionTransformer> {
  const label = options.label ?? 'init';
  if (backbone.init === 'random') return VisionTransformer.create(config, rng, label);
  const converted = await readBackboneCheckpoint(backbone.init, config, { format: backbone.initFormat, strict: backbone.initStrict });
  const { report } = converted;
  const incomplete = report.missing.length + report.unexpected.length > 0;
  (incomplete ? options.warn : options.info)?.(formatLoadReport(report));
  return backboneFromCheckpoint(converted, config, rng, label);
}

/** safetensors metadata (strings only) stating our layout and the architecture the weights belong to. */
export function backboneCheckpointMetadata(config: VitConfig, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...extra,
    format: ORTHOBENCH_FORMAT_TAG,
    layout: 'orthobench: timm/DINO names; linear weights [in, out]; patch_embed.proj.weight [C·p·p, D] rows channel-row-column; pos_embed [1, 1 + g², D] with the CLS row first; register_tokens [1, R, D]',
    config: JSON.stringify(config),
  };
}

export async function saveBackboneCheckpoint(path: string, vit: VisionTransformer, extra: Record<string, string> = {}): Promise<void> {
  await saveSafetensors(path, vit.toWeights(), backboneCheckpointMetadata(vit.config, extra));
}

export type { CheckpointLoadReport };
