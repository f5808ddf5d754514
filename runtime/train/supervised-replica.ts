// One data-parallel replica of supervised training (the from-scratch baseline and fine-tuning): ViT + linear
// classifier on the CLS feature, softmax cross-entropy (optionally label-smoothed), AdamW with optional layer-wise
// learning-rate decay; light augmentation (flip, random resized crop 0.7–1) per image.
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../benchmarks/rng.ts';
import { linear } from '../model/linear.ts';
import { paramStoreFromWeights, denseSpecs } from '../model/param-specs.ts';
import type { ParamStore } from '../model/param-store.ts';
import type { VitConfig } from '../model/vit-config.ts';
import { VisionTransformer, type ForwardOptions } from '../model/vit.ts';
import type { WeightMap } from '../model/weights.ts';
import { AdamW } from './adamw.ts';
import { layerDecayGroups, stepWithLayerDecay, type LrGroup } from './finetune-layer-decay.ts';
import { gatherGradients, ParamLayout } from './param-layout.ts';
import { imageViews, weightChecksum, type Replica, type SharedImages } from './parallel/replica.ts';
import { resampleBox, sampleCropBox } from './random-resized-crop.ts';
import { smoothedCrossEntropy } from './supervised-loss.ts';

export interface SupervisedReplicaInit {
  vit: VitConfig;
  numClasses: number;
  vitWeights: WeightMap;
  headWeights: WeightMap;
  images: SharedImages;
  labels: number[];
  augmentSeed: number;
  weightDecay: number;
  clipGrad: number;
  /** Layer-wise lr decay (1: every parameter at the scheduled lr). */
  layerDecay: number;
  /** Label smoothing ε of the cross-entropy. */
  labelSmoothing: number;
}

/** Both parameter sets of a replica, for keeping the best epoch's weights. */
export interface SupervisedWeights {
  vit: WeightMap;
  head: WeightMap;
}

export interface SupervisedStep {
  step: number;
  positions: number[];
  indices: number[];
  batchSize: number;
}

export interface SupervisedUpdate {
  lr: number;
}

const CROP_SCALE: [number, number] = [0.7, 1];
const PREDICT_BATCH = 64;

export class SupervisedReplica implements Replica<SupervisedStep, number, SupervisedUpdate> {
  private readonly vit: VisionTransformer;
  private readonly head: ParamStore;
  private readonly layout: ParamLayout;
  private readonly optimizer: AdamW;
  private readonly lrGroups: LrGroup[];
  private readonly images: Float32Array[];

  constructor(private readonly init: SupervisedReplicaInit) {
    this.vit = VisionTransformer.fromWeights(init.vit, init.vitWeights, 'supervised');
    this.head = paramStoreFromWeights('supervised-head', denseSpecs('head', init.vit.dim, init.numClasses), init.headWeights);
    this.layout = new ParamLayout([this.vit.params, this.head]);
    this.optimizer = new AdamW(this.layout, { clipGrad: init.clipGrad });
    this.lrGroups = layerDecayGroups(this.layout.entries.map((e) => e.name), init.vit.depth, init.layerDecay);
    this.images = imageViews(init.images);
  }

  get gradientSize(): number {
    return this.layout.size;
  }

  /** Class logits; `train` turns on stochastic depth (training passes only). */
  private logits(images: tf.Tensor3D, train?: ForwardOptions['train']): tf.Tensor2D {
    const w = this.head.get('head.weight') as tf.Tensor as tf.Tensor2D;
    const b = this.head.get('head.bias') as tf.Tensor as tf.Tensor1D;
    return linear(this.vit.features(images, train ? { train } : {}), w, b);
  }

  /** Returns this shard's share of the batch-mean cross-entropy. */
  computeShard(step: SupervisedStep, gradients: Float32Array): number {
    const size = this.init.images.size;
    const n = step.positions.length;
    if (n === 0) {
      gradients.fill(0);
      return 0;
    }
    const pixels = new Float32Array(n * size * size);
    const stepRng = new Rng(this.init.augmentSeed).fork(step.step);
    step.positions.forEach((position, b) => {
      const rng = stepRng.fork(position);
      const box = sampleCropBox(rng, size, size, CROP_SCALE);
      resampleBox(this.images[step.indices[b]], size, box, size, rng.bernoulli(0.5), pixels, b * size * size);
    });
    const share = n / step.batchSize;
    return tf.tidy(() => {
      const x = tf.tensor3d(pixels, [n, size, size]);
      const labels = step.indices.map((i) => this.init.labels[i]);
      // stochastic-depth masks keyed by batch position, so they do not depend on how the batch is sharded
      const train = { rng: stepRng.fork('drop-path'), imageKey: (_segment: number, b: number) => String(step.positions[b]) };
      const { value, grads } = tf.variableGrads(() => smoothedCrossEntropy(labels, this.logits(x, train), this.init.labelSmoothing), this.layout.variables());
      gatherGradients(grads, this.layout, gradients, share);
      return value.dataSync()[0] * share;
    });
  }

  apply(gradients: Float32Array, update: SupervisedUpdate): void {
    stepWithLayerDecay(this.optimizer, this.lrGroups, gradients, update.lr, this.init.weightDecay);
  }

  snapshot(): SupervisedWeights {
    return { vit: this.vit.toWeights(), head: this.head.toWeights() };
  }

  /** Loads a snapshot for prediction; training must not continue (the optimiser keeps its own master copy). */
  restore(weights: SupervisedWeights): void {
    this.vit.loadWeights(weights.vit);
    this.head.load(weights.head);
  }

  async predictProba(batch: readonly Float32Array[]): Promise<number[][]> {
    const size = this.init.vit.imageSize;
    const k = this.init.numClasses;
    const out: number[][] = [];
    for (let start = 0; start < batch.length; start += PREDICT_BATCH) {
      const chunk = batch.slice(start, start + PREDICT_BATCH);
      const packed = new Float32Array(chunk.length * size * size);
      chunk.forEach((image, i) => packed.set(image, i * size * size));
      const probs = tf.tidy(() => tf.softmax(this.logits(tf.tensor3d(packed, [chunk.length, size, size]))));
      const values = await probs.data();
      probs.dispose();
      for (let i = 0; i < chunk.length; i++) out.push(Array.from(values.subarray(i * k, (i + 1) * k)));
    }
    return out;
  }

  checksum(): number {
    return weightChecksum([...this.vit.toWeights().values(), ...this.head.toWeights().values()].map((w) => w.data));
  }

  dispose(): void {
    this.vit.dispose();
    this.head.dispose();
  }
}
