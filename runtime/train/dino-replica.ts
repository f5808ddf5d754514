// One data-parallel replica of DINO training (Caron et al. 2021): student + head trained by AdamW, teacher
// + head as their EMA, the running centre. computeShard runs the multi-crop forward/backward on its part
// of the batch; apply performs the optimiser, EMA and centre updates shared by all replicas; snapshot and
// DinoReplicaInit.resume carry everything a resumed run needs to continue bit for bit.
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../benchmarks/rng.ts';
import type { ResolvedExperiment } from '../../dsl/types.ts';
import { DinoHead, l2Normalize, type DinoHeadConfig } from '../model/dino-head.ts';
import type { VitConfig } from '../model/vit-config.ts';
import { VisionTransformer } from '../model/vit.ts';
import type { WeightMap } from '../model/weights.ts';
import { AdamW, type AdamWSnapshot } from './adamw.ts';
import { multiCropBatch, type MultiCropBatch } from './augment.ts';
import { globalViewKlSum, teacherArgmax } from './collapse-diagnostics.ts';
import { blendCenter, dinoLoss, meanEntropy, teacherProbabilities } from './dino-loss.ts';
import { EmaTeacher } from './ema.ts';
import { koleoGroupOf, koleoShardLoss } from './koleo.ts';
import { gatherGradients, ParamLayout, readTensorInto } from './param-layout.ts';
import { imageViews, weightChecksum, type Replica, type SharedImages } from './parallel/replica.ts';
import { assertNoSharedVariables } from './shared-variables.ts';

/** What a resumed replica takes besides the student's weights: the teacher, the optimiser moments, the centre. */
export interface DinoResumeState {
  teacher: WeightMap;
  teacherHead: WeightMap;
  optimizer: AdamWSnapshot;
  /** Running centre [K]. */
  center: Float32Array;
}

/** The whole training state of a replica after some step (a checkpoint's tensors). */
export interface DinoReplicaState extends DinoResumeState {
  student: WeightMap;
  studentHead: WeightMap;
}

export interface DinoReplicaInit {
  vit: VitConfig;
  head: DinoHeadConfig;
  studentWeights: WeightMap;
  headWeights: WeightMap;
  pretrain: ResolvedExperiment['pretrain'];
  images: SharedImages;
  /** Seed of the augmentation stream; crop j of batch position p at step s uses fork(s).fork(p). */
  augmentSeed: number;
  /** Continue a run: the student weights above are then the checkpoint's, and these replace the fresh state. */
  resume?: DinoResumeState;
}

export interface DinoStep {
  step: number;
  /** Batch positions of this shard and the dataset index of the image at each. */
  positions: number[];
  indices: number[];
  batchSize: number;
  teacherTemp: number;
  /** Whether to return diagnostics (entropy, student features). */
  diagnostics: boolean;
  /** Only run the teacher (to initialise the centre): no gradient is computed. */
  teacherOnly?: boolean;
}

export interface DinoShardResult {
  /** This shard's share of the batch loss (shard losses sum to the batch loss). */
  loss: number;
  /** This shard's share of the DINO distillation term and of the (unweighted) KoLeo term of the loss. */
  distillation: number;
  koleo: number;
  /** Σ over this shard's rows of the teacher's raw outputs [K] (for the centre). */
  teacherSum: Float32Array;
  /** Σ over rows of the teacher-output entropy (diagnostics only). */
  entropySum: number;
  /** Student CLS features of the global crops, [rows, D] row-major (diagnostics only). */
  features?: Float32Array;
  /** Σ over this shard's images of KL(P_t(u) ‖ P_s(v)) over pairs of global views (diagnostics only). */
  klSum: number;
  /** The prototype each teacher row puts most mass on (diagnostics only). */
  argmax?: Int32Array;
}

export interface DinoUpdate {
  /** False for a centre-only update (after a teacherOnly step). */
  optimize: boolean;
  /** Centre EMA momentum for this update (0 replaces the centre by the batch mean). */
  centerMomentum: number;
  lr: number;
  weightDecay: number;
  momentum: number;
  freezeLastLayer: boolean;
  /** Mean over the whole batch of the teacher's raw outputs. */
  teacherMean: Float32Array;
}

/** The shard's crops (view-major within the shard); batch position p at step s draws from fork(s).fork(p). */
function shardCrops(images: Float32Array[], step: DinoStep, init: DinoReplicaInit): MultiCropBatch {
  const stepRng = new Rng(init.augmentSeed).fork(step.step);
  return multiCropBatch(
    step.indices.map((i) => images[i]), init.images.size, init.pretrain.crops, step.positions.map((p) => stepRng.fork(p)),
  );
}

export class DinoReplica implements Replica<DinoStep, DinoShardResult, DinoUpdate> {
  readonly student: VisionTransformer;
  readonly teacher: VisionTransformer;
  private readonly head: DinoHead;
  private readonly teacherHead: DinoHead;
  private readonly layout: ParamLayout;
  private readonly optimizer: AdamW;
  private readonly emaBackbone: EmaTeacher;
  private readonly emaHead: EmaTeacher;
  private readonly images: Float32Array[];
  private center: tf.Tensor2D;

  constructor(private readonly init: DinoReplicaInit) {
    this.student = VisionTransformer.fromWeights(init.vit, init.studentWeights, 'student');
    this.head = DinoHead.fromWeights(init.head, init.headWeights, 'student-head');
    this.teacher = VisionTransformer.fromWeights(init.vit, init.resume?.teacher ?? init.studentWeights, 'teacher');
    this.teacherHead = DinoHead.fromWeights(init.head, init.resume?.teacherHead ?? init.headWeights, 'teacher-head');
    assertNoSharedVariables([this.student.params, this.head.params], [this.teacher.params, this.teacherHead.params]);
    this.layout = new ParamLayout([this.student.params, this.head.params]);
    this.optimizer = new AdamW(this.layout, { clipGrad: init.pretrain.optimizer.clipGrad });
    if (init.resume) this.optimizer.restore(init.resume.optimizer);
    this.emaBackbone = new EmaTeacher(this.teacher.params);
    this.emaHead = new EmaTeacher(this.teacherHead.params);
    this.images = imageViews(init.images);
    const k = init.head.outDim;
    this.center = tf.keep(init.resume ? tf.tensor2d(init.resume.center, [1, k]) : tf.zeros([1, k]));
  }

  get gradientSize(): number {
    return this.layout.size;
  }

  computeShard(step: DinoStep, gradients: Float32Array): DinoShardResult {
    const spec = this.init.pretrain;
    const { global: g, local: l } = spec.crops;
    const n = step.positions.length;
    if (n === 0) {
      gradients.fill(0);
      return {
        loss: 0, distillation: 0, koleo: 0, teacherSum: new Float32Array(this.init.head.outDim), entropySum: 0,
        features: new Float32Array(0), klSum: 0, argmax: new Int32Array(0),
      };
    }
    const crops = shardCrops(this.images, step, this.init);
    const share = n / step.batchSize;
    return tf.tidy(() => {
      const globals = tf.tensor3d(crops.global, [g.count * n, g.size, g.size]);
      const locals = l.count > 0 ? tf.tensor3d(crops.local, [l.count * n, l.size, l.size]) : undefined;
      const teacherOut = this.teacherHead.apply(this.teacher.features(globals));
      const teacherSum = new Float32Array(this.init.head.outDim);
      readTensorInto(tf.sum(teacherOut, 0), teacherSum, 0);
      if (step.teacherOnly) return { loss: 0, distillation: 0, koleo: 0, teacherSum, entropySum: 0, klSum: 0 };
      const teacherProbs = step.diagnostics ? teacherProbabilities(teacherOut, this.center, step.teacherTemp) : undefined;
      let features: Float32Array | undefined;
      let klSum = 0;
      const terms = { distillation: Number.NaN, koleo: 0 };
      const { value, grads } = tf.variableGrads(() => {
        // stochastic depth on the student only; masks keyed by step and the shard's first batch position
        const train = { rng: new Rng(this.init.augmentSeed).fork(`drop-path:${step.step}:${step.positions[0]}`) };
        const studentFeatures = this.student.features(locals ? [globals, locals] : [globals], { train });
        if (step.diagnostics) {
          features = new Float32Array(g.count * n * this.init.vit.dim);
          readTensorInto(tf.slice(studentFeatures, [0, 0], [g.count * n, this.init.vit.dim]), features, 0);
        }
        const studentLogits = this.head.apply(studentFeatures);
        // read inside the closure, off the gradient path: the diagnostics never change the update
        if (teacherProbs) klSum = globalViewKlSum(teacherProbs, studentLogits, spec.studentTemperature, g.count);
        const distillation = dinoLoss({
          student: studentLogits, teacher: teacherOut, center: this.center,
          studentTemp: spec.studentTemperature, teacherTemp: step.teacherTemp, globalViews: g.count,
        });
        if (spec.koleoWeight === 0) return distillation;
        const globalFeatures = tf.slice(studentFeatures, [0, 0], [g.count * n, this.init.vit.dim]);
        const koleo = koleoShardLoss(globalFeatures, g.count, step.positions, koleoGroupOf(step.batchSize));
        terms.distillation = distillation.dataSync()[0];
        terms.koleo = koleo.dataSync()[0];
        return tf.add(distillation, tf.mul(koleo, spec.koleoWeight)) as tf.Scalar;
      }, this.layout.variables());
      gatherGradients(grads, this.layout, gradients, share);
      const loss = value.dataSync()[0];
      const entropySum = teacherProbs ? meanEntropy(teacherProbs).dataSync()[0] * teacherOut.shape[0] : 0;
      const argmax = step.diagnostics ? teacherArgmax(teacherOut, this.center) : undefined;
      return {
        loss: loss * share, distillation: (spec.koleoWeight === 0 ? loss : terms.distillation) * share, koleo: terms.koleo * share,
        teacherSum, entropySum, features, klSum, argmax,
      };
    });
  }

  apply(gradients: Float32Array, update: DinoUpdate): void {
    if (update.optimize) {
      const frozen = new Set(update.freezeLastLayer ? ['last_layer.weight_v'] : []);
      this.optimizer.step(gradients, update.lr, update.weightDecay, frozen);
      this.emaBackbone.update((name) => this.optimizer.valuesOf(this.student.params.get(name)), update.momentum);
      this.emaHead.update((name) => this.optimizer.valuesOf(this.head.params.get(name)), update.momentum);
    }
    const next = tf.tidy(() => blendCenter(this.center, tf.tensor2d(update.teacherMean, [1, update.teacherMean.length]), update.centerMomentum));
    this.center.dispose();
    this.center = tf.keep(next);
  }

  /** Copies of every tensor the next step depends on (all replicas hold the same). */
  snapshot(): DinoReplicaState {
    return {
      student: this.student.toWeights(), studentHead: this.head.toWeights(),
      teacher: this.teacher.toWeights(), teacherHead: this.teacherHead.toWeights(),
      optimizer: this.optimizer.snapshot(), center: new Float32Array(this.center.dataSync()),
    };
  }

  checksum(): number {
    return weightChecksum([...this.teacher.toWeights().values(), ...this.student.toWeights().values()].map((w) => w.data));
  }

  /** Disposes everything except the student and teacher backbones, which the caller takes over. */
  releaseBackbones(): { student: VisionTransformer; teacher: VisionTransformer } {
    this.head.dispose();
    this.teacherHead.dispose();
    this.center.dispose();
    return { student: this.student, teacher: this.teacher };
  }

  dispose(): void {
    this.releaseBackbones();
    this.student.dispose();
    this.teacher.dispose();
  }
}

/** L2-normalised feature std over rows, averaged over dimensions (≈ 1/√D healthy, 0 collapsed). */
export function normalisedFeatureStd(features: Float32Array, dim: number): number {
  return tf.tidy(() => {
    const x = tf.tensor2d(features, [features.length / dim, dim]);
    return tf.mean(tf.sqrt(tf.moments(l2Normalize(x), 0).variance)).dataSync()[0];
  });
}
