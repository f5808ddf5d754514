// Vision Transformer (Dosovitskiy et al. 2021; timm `VisionTransformer` as used by DINO): patch matmul
// embedding, CLS token, learnt positional embedding (resampled for other crop sizes), pre-norm blocks
// (LayerNorm → MHSA → residual, LayerNorm → GELU MLP → residual), final LayerNorm, CLS output as features.
// Every per-token op runs once on a token matrix that stacks all crop sizes of a step.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../benchmarks/rng.ts';
import { multiHeadAttention, type TokenSegment } from './attention.ts';
import { gelu } from './gelu.ts';
import { layerNorm } from './layer-norm.ts';
import { linear } from './linear.ts';
import type { ParamStore } from './param-store.ts';
import { buildParamStore, convDefaultSpecs, denseSpecs, normSpecs, paramStoreFromWeights, type ParamSpec } from './param-specs.ts';
import { patchify } from './patchify.ts';
import { interpolationMatrix } from './pos-embed.ts';
import { validateVitConfig, type VitConfig } from './vit-config.ts';
import type { WeightMap } from './weights.ts';

/** Every parameter of the ViT with its shape and its DINO/timm initialiser. */
function vitParamSpecs(c: VitConfig): ParamSpec[] {
  const d = c.dim;
  const hidden = Math.round(d * c.mlpRatio);
  const grid = c.imageSize / c.patchSize;
  const specs: ParamSpec[] = [
    { name: 'cls_token', shape: [1, 1, d], init: 'trunc-normal' },
    { name: 'pos_embed', shape: [1, grid * grid + 1, d], init: 'trunc-normal' },
    // DINO/timm initialise only nn.Linear with trunc-normal 0.02; the patch embedding is a Conv2d and keeps
    // PyTorch's default U(±1/√fan_in) for weight and bias — 3–4× larger, so image content reaches the tokens
    ...convDefaultSpecs('patch_embed.proj', c.patchSize * c.patchSize, d),
  ];
  for (let i = 0; i < c.depth; i++) {
    specs.push(
      ...normSpecs(`blocks.${i}.norm1`, d),
      ...denseSpecs(`blocks.${i}.attn.qkv`, d, 3 * d),
      ...denseSpecs(`blocks.${i}.attn.proj`, d, d),
      ...normSpecs(`blocks.${i}.norm2`, d),
      ...denseSpecs(`blocks.${i}.mlp.fc1`, d, hidden),
      ...denseSpecs(`blocks.${i}.mlp.fc2`, hidden, d),
    );
  }
  specs.push(...normSpecs('norm', d));
  return specs;
}

export class VisionTransformer {
  readonly config: VitConfig;
  readonly params: ParamStore;

  private constructor(config: VitConfig, params: ParamStore) {
    this.config = config;
    this.params = params;
  }

  /** A freshly initialised ViT (trunc-normal std 0.02 weights, zero biases, LayerNorm 1/0), seeded by rng. */
  static create(config: VitConfig, rng: Rng, label = 'vit'): VisionTransformer {
    validateVitConfig(config);
    return new VisionTransformer(config, buildParamStore(label, vitParamSpecs(config), rng));
  }

  static fromWeights(config: VitConfig, weights: WeightMap, label = 'vit'): VisionTransformer {
    validateVitConfig(config);
    return new VisionTransformer(config, paramStoreFromWeights(label, vitParamSpecs(config), weights));
  }

  get featureDim(): number {
    return this.config.dim;
  }

  /**
   * CLS features [ΣB, D] of one or more image batches [B, S, S] (S a multiple of the patch size; batches
   * may differ in S), concatenated in the order given.
   */
  features(batches: tf.Tensor3D | tf.Tensor3D[]): tf.Tensor2D {
    const list = Array.isArray(batches) ? batches : [batches];
    return tf.tidy(() => {
      const segments = list.map((b) => ({ batch: b.shape[0], tokens: (b.shape[1] / this.config.patchSize) ** 2 + 1 }));
      let x = this.embed(list, segments);
      for (let i = 0; i < this.config.depth; i++) x = this.block(x, segments, i);
      const cls = this.clsRows(x, segments);
      return layerNorm(cls, this.p1('norm.weight'), this.p1('norm.bias'));
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
    return VisionTransformer.fromWeights(this.config, this.toWeights(), label);
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

  private embed(batches: tf.Tensor3D[], segments: TokenSegment[]): tf.Tensor2D {
    const { dim, patchSize, imageSize } = this.config;
    const patches = batches.map((b) => patchify(b, patchSize));
    const all = patches.length === 1 ? patches[0] : tf.concat(patches, 0);
    const embedded = linear(all, this.p2('patch_embed.proj.weight'), this.p1('patch_embed.proj.bias'));
    const parts = segments.length === 1 ? [embedded] : tf.split(embedded, segments.map((s) => s.batch * (s.tokens - 1)), 0);
    const baseGrid = imageSize / patchSize;
    const pos = tf.reshape(this.params.get('pos_embed'), [baseGrid * baseGrid + 1, dim]);
    const clsPos = tf.add(tf.reshape(this.params.get('cls_token'), [1, dim]), tf.slice(pos, [0, 0], [1, dim]));
    const patchPos = tf.slice(pos, [1, 0], [baseGrid * baseGrid, dim]);
    const tokens = parts.map((part, i) => {
      const { batch, tokens: n } = segments[i];
      const grid = Math.round(Math.sqrt(n - 1));
      const gridPos = grid === baseGrid ? patchPos : tf.matMul(tf.tensor2d(interpolationMatrix(grid, baseGrid), [grid * grid, baseGrid * baseGrid]), patchPos);
      const withPos = tf.add(tf.reshape(part, [batch, n - 1, dim]), gridPos);
      // broadcasting, not tf.tile: tile's gradient is one slice + add per repetition
      const cls = tf.mul(tf.ones([batch, 1, 1]), tf.reshape(clsPos, [1, 1, dim]));
      return tf.reshape(tf.concat([cls, withPos], 1), [batch * n, dim]);
    });
    return tokens.length === 1 ? (tokens[0] as tf.Tensor2D) : (tf.concat(tokens, 0) as tf.Tensor2D);
  }

  private block(x: tf.Tensor2D, segments: TokenSegment[], i: number): tf.Tensor2D {
    const b = `blocks.${i}`;
    const h = layerNorm(x, this.p1(`${b}.norm1.weight`), this.p1(`${b}.norm1.bias`));
    const qkv = linear(h, this.p2(`${b}.attn.qkv.weight`), this.p1(`${b}.attn.qkv.bias`));
    const attended = multiHeadAttention(qkv, segments, this.config.heads);
    const x1: tf.Tensor2D = tf.add(x, linear(attended, this.p2(`${b}.attn.proj.weight`), this.p1(`${b}.attn.proj.bias`)));
    const h2 = layerNorm(x1, this.p1(`${b}.norm2.weight`), this.p1(`${b}.norm2.bias`));
    const hidden = gelu(linear(h2, this.p2(`${b}.mlp.fc1.weight`), this.p1(`${b}.mlp.fc1.bias`)));
    return tf.add(x1, linear(hidden, this.p2(`${b}.mlp.fc2.weight`), this.p1(`${b}.mlp.fc2.bias`)));
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

