// Tensor re-layouts between torch checkpoints and orthobench's backbone: Linear [out, in] → [in, out]; Conv2d patch
// embedding [D, C, p, p] → patch matrix [C·p·p, D] (rows channel, row, column, as patchify + channel replication
// feed it); 3 ↔ 1 input channels; positional embeddings with or without a CLS row, resampled to another grid.
import { resamplePosEmbed, type PosEmbedResampling } from '../pos-embed-resample.ts';
import type { WeightTensor } from '../weights.ts';

export function transposeMatrix(t: WeightTensor): WeightTensor {
  const [rows, cols] = t.shape;
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = t.data[r * cols + c];
  return { shape: [cols, rows], data: out };
}

/** Conv2d weight [D, C, p, p] → [C·p·p, D]: the kernel flattened as torch flattens it, then transposed. */
export function conv2dToPatchMatrix(t: WeightTensor): WeightTensor {
  const [d, c, p, q] = t.shape;
  return transposeMatrix({ shape: [d, c * p * q], data: t.data });
}

/**
 * A patch matrix [C·p², D] for `toChannels` channels. 3 → 1 sums the channel blocks: for a grayscale image
 * replicated to RGB, Σ_c W_c·x = (Σ_c W_c)·x, so features are unchanged. 1 → 3 gives each channel W/3 (same argument).
 */
export function adaptPatchChannels(t: WeightTensor, fromChannels: number, toChannels: number): WeightTensor {
  const [rows, d] = t.shape;
  const block = (rows / fromChannels) * d;
  const out = new Float32Array((rows / fromChannels) * toChannels * d);
  if (toChannels === 1) {
    for (let c = 0; c < fromChannels; c++) for (let i = 0; i < block; i++) out[i] += t.data[c * block + i];
  } else if (fromChannels === 1) {
    for (let c = 0; c < toChannels; c++) for (let i = 0; i < block; i++) out[c * block + i] = t.data[i] / toChannels;
  } else {
    throw new Error(`cannot convert a ${fromChannels}-channel patch embedding to ${toChannels} channels`);
  }
  return { shape: [(rows / fromChannels) * toChannels, d], data: out };
}

const isSquare = (n: number): boolean => n > 0 && Number.isInteger(Math.sqrt(n));

/** Grid side and CLS-row count of a pos_embed [1, L, D]: L = 1 + g² (timm/DINO/DINOv2) or g² (timm no_embed_class). */
export function posEmbedGrid(shape: readonly number[]): { grid: number; prefix: 0 | 1 } | undefined {
  if (shape.length !== 3 || shape[0] !== 1) return undefined;
  const rows = shape[1];
  if (isSquare(rows - 1)) return { grid: Math.sqrt(rows - 1), prefix: 1 };
  if (isSquare(rows)) return { grid: Math.sqrt(rows), prefix: 0 };
  return undefined;
}

/**
 * pos_embed → [1, 1 + grid², D]: a missing CLS row becomes zeros (timm's no_embed_class gives CLS no position;
 * its reg-model converter folds DINOv2's CLS position into cls_token), then the grid is resampled if it differs.
 */
export function adaptPosEmbed(
  t: WeightTensor, grid: number, resampling: PosEmbedResampling, notes: string[],
): WeightTensor {
  const layout = posEmbedGrid(t.shape);
  if (!layout) return t;
  const dim = t.shape[2];
  let data = t.data;
  if (layout.prefix === 0) {
    data = new Float32Array((1 + layout.grid * layout.grid) * dim);
    data.set(t.data, dim);
    notes.push('pos_embed: no CLS row in the file (timm no_embed_class); CLS gets a zero position');
  }
  if (layout.grid !== grid) {
    data = resamplePosEmbed(data, dim, layout.grid, grid, 1, resampling);
    notes.push(`pos_embed: ${resampling} resampling of the ${layout.grid}×${layout.grid} grid to ${grid}×${grid}`);
  }
  return { shape: [1, 1 + grid * grid, dim], data };
}
