// DINO projection head (Caron et al. 2021, facebookresearch/dino `DINOHead`, 3 layers): MLP dim → hidden →
// GELU → hidden → GELU → bottleneck, L2 normalisation, then a weight-normalised bias-free linear layer to
// K prototypes whose norm g is fixed to 1 (norm_last_layer=True), so only the direction V/‖V‖ is learnt.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../benchmarks/rng.ts';
import { gelu } from './gelu.ts';
import { linear } from './linear.ts';
import type { ParamStore } from './param-store.ts';
import { buildParamStore, denseSpecs, paramStoreFromWeights, type ParamSpec } from './param-specs.ts';
import type { WeightMap } from './weights.ts';

export interface DinoHeadConfig {
  inDim: number;
  hiddenDim: number;
  bottleneckDim: number;
  outDim: number;
}

function headParamSpecs(c: DinoHeadConfig): ParamSpec[] {
  return [
    ...denseSpecs('mlp.0', c.inDim, c.hiddenDim),
    ...denseSpecs('mlp.2', c.hiddenDim, c.hiddenDim),
    ...denseSpecs('mlp.4', c.hiddenDim, c.bottleneckDim),
    // torch's default Linear init for the prototypes, as in DINO (only their direction matters)
    { name: 'last_layer.weight_v', shape: [c.bottleneckDim, c.outDim], init: { uniformFanIn: c.bottleneckDim } },
  ];
}

/** Row-wise x / max(‖x‖, 1e-12), as torch.nn.functional.normalize. */
export function l2Normalize(x: tf.Tensor2D, axis = 1): tf.Tensor2D {
  return tf.div(x, tf.maximum(tf.sqrt(tf.sum(tf.square(x), axis, true)), 1e-12));
}

export class DinoHead {
  readonly config: DinoHeadConfig;
  readonly params: ParamStore;

  private constructor(config: DinoHeadConfig, params: ParamStore) {
    this.config = config;
    this.params = params;
  }

  static create(config: DinoHeadConfig, rng: Rng, label = 'head'): DinoHead {
    return new DinoHead(config, buildParamStore(label, headParamSpecs(config), rng));
  }

  static fromWeights(config: DinoHeadConfig, weights: WeightMap, label = 'head'): DinoHead {
    return new DinoHead(config, paramStoreFromWeights(label, headParamSpecs(config), weights));
  }

  /** Prototype logits [B, K] for backbone features [B, inDim]. */
  apply(features: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const w = (name: string): tf.Tensor2D => this.params.get(`${name}.weight`) as tf.Tensor as tf.Tensor2D;
      const b = (name: string): tf.Tensor1D => this.params.get(`${name}.bias`) as tf.Tensor as tf.Tensor1D;
      let x = gelu(linear(features, w('mlp.0'), b('mlp.0')));
      x = gelu(linear(x, w('mlp.2'), b('mlp.2')));
      x = l2Normalize(linear(x, w('mlp.4'), b('mlp.4')));
      const prototypes = l2Normalize(this.params.get('last_layer.weight_v') as tf.Tensor as tf.Tensor2D, 0);
      return linear(x, prototypes);
    });
  }

  toWeights(): WeightMap {
    return this.params.toWeights();
  }

  clone(label = 'head'): DinoHead {
    return DinoHead.fromWeights(this.config, this.toWeights(), label);
  }

  dispose(): void {
    this.params.dispose();
  }
}
