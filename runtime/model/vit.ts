// Vision Transformer (Dosovitskiy et al. 2021; timm `VisionTransformer` as used by DINO/DINOv2): patch matmul
// embedding, CLS token, optional register tokens, learnt positional embedding (resampled for other crop
// sizes), pre-norm blocks (LayerNorm → MHSA → [LayerScale] → residual, LayerNorm → GELU MLP → [LayerScale] →
// residual, stochastic depth in training passes), final LayerNorm, CLS output as features. Built from
// describeVit's parameter list; every per-token op runs once on a token matrix stacking all crop sizes. A
// student trained with iBOT also holds DINOv2's `mask_token`, which replaces masked patch embeddings.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../benchmarks/rng.ts';
import { multiHeadAttention, type TokenSegment } from './attention.ts';
import { dropPathRowScales, type ImageKey } from './drop-path.ts';
import { gelu } from './gelu.ts';
import { layerNorm } from './layer-norm.ts';
import { linear } from './linear.ts';
import type { ParamStore } from './param-store.ts';
import { buildParamStore, paramStoreFromWeights, type ParamSpec } from './param-specs.ts';
import { patchify } from './patchify.ts';
import { interpolationMatrix } from './pos-embed.ts';
import type { VitConfig } from './vit-config.ts';
import { describeVit, type VitDescription } from './vit-description.ts';
import type { WeightMap } from './weights.ts';

export interface ForwardOptions {
  /**
   * Marks a training pass: stochastic depth draws its keep masks from `rng` (pass a fresh fork per step;
   * the same rng gives the same masks). With `imageKey`, each image draws from its own fork of `rng`, so a
   * data-parallel shard gets the masks its images would get in the whole batch. Absent = evaluation: nothing is dropped.
   */
  train?: { rng: Rng; imageKey?: ImageKey };
}

export interface TokenOptions extends ForwardOptions {
  /**
   * Per batch, 1 for each patch [B·P, image-major] whose embedding the mask token replaces before the positional
   * embedding is added (DINOv2 `prepare_tokens_with_masks`); undefined leaves a batch unmasked.
   */
  masks?: ReadonlyArray<Uint8Array | undefined>;
}

export interface TokenOutputs {
  /** CLS features [ΣB, D], as `features` computes them. */
  cls: tf.Tensor2D;
  /** Patch tokens after the final norm, one [B·P, D] matrix per batch, image-major; registers left out. */
  patches: tf.Tensor2D[];
}

export interface VitBuildOptions {
  /** Add a learnt `mask_token` [1, D] (zeros at init, as DINOv2) for masked-patch training. */
  maskToken?: boolean;
}

/** Name of the mask token parameter (DINOv2's `mask_token`). */
export const MASK_TOKEN = 'mask_token';

export class VisionTransformer {
  readonly config: VitConfig;
  readonly description: VitDescription;
  readonly params: ParamStore;

  private constructor(config: VitConfig, description: VitDescription, params: ParamStore) {
    this.config = config;
    this.description = description;
    this.params = params;
  }

  /** A freshly initialised ViT (trunc-normal std 0.02 weights, zero biases, LayerNorm 1/0), seeded by rng. */
  static create(config: VitConfig, rng: Rng, label = 'vit', options: VitBuildOptions = {}): VisionTransformer {
    const description = describeVit(config);
    return new VisionTransformer(config, description, buildParamStore(label, paramList(description, config, options), rng));
  }

  /** A ViT holding exactly `weights` (orthobench layout: every name and shape of describeVit(config)). */
  static fromWeights(config: VitConfig, weights: WeightMap, label = 'vit', options: VitBuildOptions = {}): VisionTransformer {
    const description = describeVit(config);
    return new VisionTransformer(config, description, paramStoreFromWeights(label, paramList(description, config, options), weights));
  }

  get hasMaskToken(): boolean {
    return this.params.names().includes(MASK_TOKEN);
  }

  get featureDim(): number {
    return this.config.dim;
  }

  /**
   * CLS features [ΣB, D] of one or more grayscale image batches [B, S, S] (S a multiple of the patch size;
   * batches may differ in S), concatenated in the order given. Register tokens never reach the output.
   */
  features(batches: tf.Tensor3D | tf.Tensor3D[], options: ForwardOptions = {}): tf.Tensor2D {
    return tf.tidy(() => {
      const { x, segments } = this.encode(Array.isArray(batches) ? batches : [batches], options, undefined);
      const cls = this.clsRows(x, segments);
      return layerNorm(cls, this.p1('norm.weight'), this.p1('norm.bias'));
    });
  }

  /**
   * CLS features and patch tokens after the final norm (DINOv2's x_norm_clstoken / x_norm_patchtokens), with
   * optional patch masks; masks need a ViT built with `maskToken`.
   */
  tokens(batches: tf.Tensor3D | tf.Tensor3D[], options: TokenOptions = {}): TokenOutputs {
    const masked = options.masks?.some((m) => m !== undefined) ?? false;
    if (masked && !this.hasMaskToken) throw new Error('patch masks need a ViT built with a mask token (VitBuildOptions.maskToken)');
    return tf.tidy(() => {
      const { x, segments } = this.encode(Array.isArray(batches) ? batches : [batches], options, masked ? options.masks : undefined);
      const norm = (rows: tf.Tensor2D): tf.Tensor2D => layerNorm(rows, this.p1('norm.weight'), this.p1('norm.bias'));
      return { cls: norm(this.clsRows(x, segments)), patches: this.patchRows(x, segments).map(norm) };
    });
  }

  toWeights(): WeightMap {
    return this.params.toWeights();
  }

  loadWeights(weights: WeightMap): void {
    this.params.load(weights);
  }

  /** An independent copy (new variables, same values). */
  clone(label = 'vit'): VisionTransformer {
    return VisionTransformer.fromWeights(this.config, this.toWeights(), label, { maskToken: this.hasMaskToken });
  }

  dispose(): void {
    this.params.dispose();
  }

  private p1(name: string): tf.Tensor1D {
    return this.params.get(name) as tf.Tensor as tf.Tensor1D;
  }

  private p2(name: string): tf.Tensor2D {
    return this.params.get(name) as tf.Tensor as tf.Tensor2D;
  }

  /** The token matrix after the last block, and its per-batch segments. */
  private encode(
    list: tf.Tensor3D[], options: ForwardOptions, masks: TokenOptions['masks'],
  ): { x: tf.Tensor2D; segments: TokenSegment[] } {
    const prefix = 1 + this.description.registers;
    const segments = list.map((b) => ({ batch: b.shape[0], tokens: (b.shape[1] / this.config.patchSize) ** 2 + prefix }));
    let x = this.embed(list, segments, masks);
    for (let i = 0; i < this.config.depth; i++) x = this.block(x, segments, i, options.train);
    return { x, segments };
  }

  private embed(batches: tf.Tensor3D[], segments: TokenSegment[], masks: TokenOptions['masks']): tf.Tensor2D {
    const { dim, patchSize, imageSize } = this.config;
    const { registers, inChannels } = this.description;
    const prefix = 1 + registers;
    const patches = batches.map((b) => patchify(b, patchSize));
    const stacked = patches.length === 1 ? patches[0] : tf.concat(patches, 0);
    const norm = this.config.inputNorm;
    const normed = norm ? tf.div(tf.sub(stacked, norm.mean), norm.std) as tf.Tensor2D : stacked;
    // grayscale replicated to every channel: pixel order channel, row, column as a torch Conv2d flattens its kernel
    const all = inChannels === 1 ? normed : tf.concat(Array.from({ length: inChannels }, () => normed), 1);
    const embedded = linear(all, this.p2('patch_embed.proj.weight'), this.p1('patch_embed.proj.bias'));
    const parts = segments.length === 1 ? [embedded] : tf.split(embedded, segments.map((s) => s.batch * (s.tokens - prefix)), 0);
    const baseGrid = imageSize / patchSize;
    const pos = tf.reshape(this.params.get('pos_embed'), [baseGrid * baseGrid + 1, dim]);
    const clsPos = tf.add(tf.reshape(this.params.get('cls_token'), [1, dim]), tf.slice(pos, [0, 0], [1, dim]));
    const patchPos = tf.slice(pos, [1, 0], [baseGrid * baseGrid, dim]);
    const tokens = parts.map((embedded, i) => {
      const mask = masks?.[i];
      const part = mask ? this.maskPatches(embedded, mask) : embedded;
      const { batch, tokens: n } = segments[i];
      const count = n - prefix;
      const grid = Math.round(Math.sqrt(count));
      const gridPos = grid === baseGrid ? patchPos : tf.matMul(tf.tensor2d(interpolationMatrix(grid, baseGrid), [grid * grid, baseGrid * baseGrid]), patchPos);
      const withPos = tf.add(tf.reshape(part, [batch, count, dim]), gridPos);
      // broadcasting, not tf.tile: tile's gradient is one slice + add per repetition
      const perImage = (t: tf.Tensor, rows: number): tf.Tensor => tf.mul(tf.ones([batch, 1, 1]), tf.reshape(t, [1, rows, dim]));
      const cls = perImage(clsPos, 1);
      const ordered = registers > 0 ? [cls, perImage(this.params.get('register_tokens'), registers), withPos] : [cls, withPos];
      return tf.reshape(tf.concat(ordered, 1), [batch * n, dim]);
    });
    return tokens.length === 1 ? (tokens[0] as tf.Tensor2D) : (tf.concat(tokens, 0) as tf.Tensor2D);
  }

  private block(x: tf.Tensor2D, segments: TokenSegment[], i: number, train: ForwardOptions['train']): tf.Tensor2D {
    const b = `blocks.${i}`;
    const rate = this.description.dropPathRates[i];
    const dropRng = train && rate > 0 ? train.rng.fork(`drop-path.${i}`) : undefined;
    const dropScales = (rng: Rng): tf.Tensor2D => dropScaleColumn(rng, segments, rate, train?.imageKey);
    const h = layerNorm(x, this.p1(`${b}.norm1.weight`), this.p1(`${b}.norm1.bias`));
    const qkv = linear(h, this.p2(`${b}.attn.qkv.weight`), this.p1(`${b}.attn.qkv.bias`));
    const attended = multiHeadAttention(qkv, segments, this.config.heads);
    const x1 = residual(x, this.scaledLinear(attended, `${b}.attn.proj`, `${b}.ls1.gamma`), dropRng && dropScales(dropRng.fork('attn')));
    const h2 = layerNorm(x1, this.p1(`${b}.norm2.weight`), this.p1(`${b}.norm2.bias`));
    const hidden = gelu(linear(h2, this.p2(`${b}.mlp.fc1.weight`), this.p1(`${b}.mlp.fc1.bias`)));
    return residual(x1, this.scaledLinear(hidden, `${b}.mlp.fc2`, `${b}.ls2.gamma`), dropRng && dropScales(dropRng.fork('mlp')));
  }

  /**
   * A branch's output projection, with LayerScale folded into it where enabled: (xW + b)·γ = x(W·γ) + b·γ
   * scales a [in, D] matrix instead of the [T, D] activations.
   */
  private scaledLinear(x: tf.Tensor2D, layer: string, gammaName: string): tf.Tensor2D {
    const w = this.p2(`${layer}.weight`);
    const bias = this.p1(`${layer}.bias`);
    if (this.description.layerScale === 0) return linear(x, w, bias);
    const gamma = this.p1(gammaName);
    return linear(x, tf.mul(w, gamma), tf.mul(bias, gamma) as tf.Tensor1D);
  }

  /** Masked rows of a [B·P, D] patch embedding replaced by the mask token: m·token + (1 − m)·x with m ∈ {0, 1}. */
  private maskPatches(part: tf.Tensor, mask: Uint8Array): tf.Tensor {
    if (mask.length !== part.shape[0]) throw new Error(`patch mask has ${mask.length} entries for ${part.shape[0]} patches`);
    const column = tf.tensor2d(Float32Array.from(mask, (m) => (m ? 1 : 0)), [mask.length, 1]);
    return tf.add(tf.mul(part, tf.sub(1, column)), tf.mul(column, this.params.get(MASK_TOKEN)));
  }

  /** The patch rows of every image, one [B·P, D] matrix per segment (CLS and registers dropped). */
  private patchRows(x: tf.Tensor2D, segments: TokenSegment[]): tf.Tensor2D[] {
    const dim = this.config.dim;
    const prefix = 1 + this.description.registers;
    const parts = segments.length === 1 ? [x] : tf.split(x, segments.map((s) => s.batch * s.tokens), 0);
    return parts.map((part, i) => {
      const { batch, tokens } = segments[i];
      const patches = tf.slice(tf.reshape(part, [batch, tokens, dim]), [0, prefix, 0], [batch, tokens - prefix, dim]);
      return tf.reshape(patches, [batch * (tokens - prefix), dim]) as tf.Tensor2D;
    });
  }

  /** The CLS row of every image, per segment, stacked [ΣB, D]. */
  private clsRows(x: tf.Tensor2D, segments: TokenSegment[]): tf.Tensor2D {
    const dim = this.config.dim;
    const parts = segments.length === 1 ? [x] : tf.split(x, segments.map((s) => s.batch * s.tokens), 0);
    const cls = parts.map((part, i) => {
      const { batch, tokens } = segments[i];
      return tf.reshape(tf.slice(tf.reshape(part, [batch, tokens, dim]), [0, 0, 0], [batch, 1, dim]), [batch, dim]);
    });
    return cls.length === 1 ? (cls[0] as tf.Tensor2D) : (tf.concat(cls, 0) as tf.Tensor2D);
  }
}

function residual(x: tf.Tensor2D, branch: tf.Tensor2D, rowScales: tf.Tensor2D | undefined): tf.Tensor2D {
  return tf.add(x, rowScales ? tf.mul(branch, rowScales) : branch);
}

/** A [T, 1] column of stochastic-depth factors, one draw per image. */
function dropScaleColumn(rng: Rng, segments: TokenSegment[], rate: number, imageKey: ImageKey | undefined): tf.Tensor2D {
  const scales = dropPathRowScales(rng, segments, rate, imageKey);
  return tf.tensor2d(scales, [scales.length, 1]);
}

/** describeVit's parameters, plus the mask token when asked for (appended, so no other name moves). */
function paramList(description: VitDescription, config: VitConfig, options: VitBuildOptions): ParamSpec[] {
  if (!options.maskToken) return description.params;
  return [...description.params, { name: MASK_TOKEN, shape: [1, config.dim], init: 'zeros' }];
}
