// Maps a checkpoint's tensors (orthobench, DINOv2 or timm / DINO v1 layout) onto the parameters a backbone
// description declares: renames, torch → orthobench re-layouts, channel and positional-grid adaptation, and a
// report of everything that did not fit. Pure: no files, no tensors of tfjs.
import type { TensorMap } from '../../io/safetensors.ts';
import type { PosEmbedResampling } from '../pos-embed-resample.ts';
import type { ParamSpec } from '../param-specs.ts';
import type { VitDescription } from '../vit-description.ts';
import type { WeightMap, WeightTensor } from '../weights.ts';
import { canonicalName, detectCheckpointFormat, knownExtra, stripWrapperPrefixes, type CheckpointFormat, type FormatGuess } from './checkpoint-format.ts';
import { checkpointHints, guessArchitecture } from './checkpoint-hints.ts';
import type { CheckpointLoadReport } from './load-report.ts';
import { adaptPatchChannels, adaptPosEmbed, conv2dToPatchMatrix, transposeMatrix } from './tensor-layout.ts';

export interface ConvertOptions {
  /** 'auto' detects from the metadata and names. */
  format: CheckpointFormat | 'auto';
  /** Named in the report and errors. */
  file: string;
  /** How a positional grid of another size is resampled (default bicubic, as DINOv2 and timm). */
  resampling?: PosEmbedResampling;
}

export interface ConvertedCheckpoint {
  /** Our parameters that the file filled, in orthobench layout. */
  weights: WeightMap;
  report: CheckpointLoadReport;
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

interface Source {
  name: string;
  tensor: WeightTensor;
}

/** The file's tensors keyed by orthobench names; wrappers, known extras and unknown names go to the report. */
function canonicalSources(tensors: TensorMap, guess: FormatGuess, report: CheckpointLoadReport, expected: ReadonlySet<string>): Map<string, Source> {
  const { renamed, outside } = stripWrapperPrefixes([...tensors.keys()]);
  for (const name of outside) report.ignored.push({ name, why: 'outside the backbone.* tensors' });
  const sources = new Map<string, Source>();
  for (const [original, stripped] of renamed) {
    const why = knownExtra(stripped, guess.format);
    if (why) {
      report.ignored.push({ name: original, why });
      continue;
    }
    const name = canonicalName(stripped, guess.format);
    if (!expected.has(name) || sources.has(name)) report.unexpected.push(original);
    else sources.set(name, { name: original, tensor: tensors.get(original)! });
  }
  return sources;
}

/** One tensor in orthobench layout for `spec` (possibly still the wrong shape: the caller compares). */
function toOrthobenchLayout(spec: ParamSpec, t: WeightTensor, torch: boolean, target: VitDescription, resampling: PosEmbedResampling, notes: string[]): WeightTensor {
  if (spec.name === 'pos_embed') return adaptPosEmbed(t, target.grid, resampling, notes);
  if (spec.name === 'patch_embed.proj.weight') {
    const matrix = torch && t.shape.length === 4 ? conv2dToPatchMatrix(t) : t;
    const pixels = target.patchSize * target.patchSize;
    const fromChannels = torch && t.shape.length === 4 ? t.shape[1] : matrix.shape[0] / pixels;
    const patchOk = torch && t.shape.length === 4 ? t.shape[2] === target.patchSize && t.shape[3] === target.patchSize : Number.isInteger(fromChannels);
    if (matrix.shape.length !== 2 || !patchOk || fromChannels === target.inChannels || ![1, 3].includes(fromChannels)) return matrix;
    notes.push(fromChannels === 3
      ? 'patch_embed: 3 → 1 input channels by summing the RGB kernels (exact for grayscale replicated to RGB)'
      : 'patch_embed: 1 → 3 input channels, each W/3 (exact for grayscale replicated to RGB)');
    return adaptPatchChannels(matrix, fromChannels, target.inChannels);
  }
  if (torch && spec.shape.length === 2 && t.shape.length === 2) return transposeMatrix(t);
  return t;
}

export function convertCheckpoint(
  tensors: TensorMap, metadata: Record<string, string>, target: VitDescription, options: ConvertOptions,
): ConvertedCheckpoint {
  const { renamed } = stripWrapperPrefixes([...tensors.keys()]);
  const strippedShapes = new Map([...renamed].map(([original, stripped]) => [stripped, tensors.get(original)!.shape]));
  const guess: FormatGuess = options.format === 'auto'
    ? detectCheckpointFormat(strippedShapes, metadata)
    : { format: options.format, reason: 'backbone.initFormat' };
  const report: CheckpointLoadReport = {
    file: options.file, format: guess.format, formatReason: guess.reason,
    loaded: [], missing: [], unexpected: [], ignored: [], mismatched: [], conversions: [], hints: [],
  };
  const sources = canonicalSources(tensors, guess, report, new Set(target.params.map((p) => p.name)));
  const torch = guess.format !== 'orthobench';
  const notes: string[] = [];
  const weights: WeightMap = new Map();
  for (const spec of target.params) {
    const source = sources.get(spec.name);
    if (!source) {
      report.missing.push(spec.name);
      continue;
    }
    const converted = toOrthobenchLayout(spec, source.tensor, torch, target, options.resampling ?? 'bicubic', notes);
    if (!sameShape(converted.shape, spec.shape)) {
      report.mismatched.push({ name: spec.name, source: source.name, expected: spec.shape, got: source.tensor.shape, converted: converted.shape });
      continue;
    }
    weights.set(spec.name, converted);
    report.loaded.push(spec.name);
  }
  if (torch && report.loaded.length > 0) notes.unshift('linear weights transposed from torch [out, in] to [in, out]; Conv2d patch kernel flattened to [C·p·p, D]');
  report.conversions.push(...new Set(notes));
  if (report.missing.length + report.unexpected.length + report.mismatched.length > 0) {
    const canonicalShapes = new Map([...renamed].map(([original, stripped]) => [canonicalName(stripped, guess.format), tensors.get(original)!.shape]));
    report.hints.push(...checkpointHints(guessArchitecture(canonicalShapes, guess.format), target));
  }
  return { weights, report };
}
