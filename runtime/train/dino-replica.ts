// One data-parallel replica of DINO training (Caron et al. 2021): student + head trained by AdamW, teacher
// + head as their EMA, the running centre; optionally DINOv2's iBOT patch loss (own centre, student mask token)
// and Sinkhorn–Knopp targets. computeShard runs the multi-crop forward/backward on its part of the batch (with
// Sinkhorn–Knopp, after a teacher-only phase whose logits the coordinator balances over the whole batch);
// apply performs the optimiser, EMA and centre updates shared by all replicas; snapshot and
// DinoReplicaInit.resume carry everything a resumed run needs to continue bit for bit.
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../benchmarks/rng.ts';
import { DinoHead, l2Normalize } from '../model/dino-head.ts';
import { VisionTransformer } from '../model/vit.ts';
import { AdamW } from './adamw.ts';
import { multiCropBatch, type MultiCropBatch } from './augment.ts';
import { globalViewKlSum, teacherArgmax } from './collapse-diagnostics.ts';
import { blendCenter, dinoLoss, meanEntropy, teacherProbabilities } from './dino-loss.ts';
import { EmaTeacher } from './ema.ts';
import { studentOutputs, teacherLogits, type ShardMasks, type StudentOutputs, type TeacherLogits } from './ibot-forward.ts';
import { ibotLoss, maskedPatches } from './ibot-loss.ts';
import { concatMasks, ibotBatchMasks, shardMasks } from './ibot-masks.ts';
import { packCenters, unpackCenters, withMaskToken, withoutMaskToken } from './ibot-state.ts';
import { koleoGroupOf, koleoShardLoss } from './koleo.ts';
import type { DinoReplicaInit, DinoReplicaState, DinoShardResult, DinoStep, DinoUpdate } from './dino-messages.ts';
import { gatherGradients, ParamLayout, readTensorInto } from './param-layout.ts';
import { imageViews, weightChecksum, type Replica } from './parallel/replica.ts';
import { assertNoSharedVariables } from './shared-variables.ts';

/** The shard's crops (view-major within the shard); batch position p at step s draws from fork(s).fork(p). */
function shardCrops(images: Float32Array[], step: DinoStep, init: DinoReplicaInit): MultiCropBatch {
  const stepRng = new Rng(init.augmentSeed).fork(step.step);
  return multiCropBatch(
    step.indices.map((i) => images[i]), init.images.size, init.pretrain.crops, step.positions.map((p) => stepRng.fork(p)),
  );
}

function emptyShardResult(k: number): DinoShardResult {
  return { loss: 0, distillation: 0, koleo: 0, ibot: 0, teacherSum: new Float32Array(k), maskedPatches: 0, entropySum: 0, klSum: 0 };
}

function rowSum(t: tf.Tensor2D): Float32Array {
  const out = new Float32Array(t.shape[1]);
  readTensorInto(tf.sum(t, 0), out, 0);
  return out;
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
  private readonly ibotOn: boolean;
  private center: tf.Tensor2D;
  private ibotCenter: tf.Tensor2D | undefined;
  /** Teacher outputs of a 'teacher' phase, for the step that follows it. */
  private teacherCache: { step: number; logits: TeacherLogits } | undefined;

  constructor(private readonly init: DinoReplicaInit) {
    const ibotOn = init.pretrain.ibot.weight > 0;
    this.ibotOn = ibotOn;
    const studentWeights = ibotOn ? withMaskToken(init.studentWeights, init.vit.dim) : init.studentWeights;
    this.student = VisionTransformer.fromWeights(init.vit, studentWeights, 'student', { maskToken: ibotOn });
    this.head = DinoHead.fromWeights(init.head, init.headWeights, 'student-head');
    this.teacher = VisionTransformer.fromWeights(init.vit, withoutMaskToken(init.resume?.teacher ?? init.studentWeights), 'teacher');
    this.teacherHead = DinoHead.fromWeights(init.head, init.resume?.teacherHead ?? init.headWeights, 'teacher-head');
    assertNoSharedVariables([this.student.params, this.head.params], [this.teacher.params, this.teacherHead.params]);
    this.layout = new ParamLayout([this.student.params, this.head.params]);
    this.optimizer = new AdamW(this.layout, { clipGrad: init.pretrain.optimizer.clipGrad });
    if (init.resume) this.optimizer.restore(init.resume.optimizer);
    this.emaBackbone = new EmaTeacher(this.teacher.params);
    this.emaHead = new EmaTeacher(this.teacherHead.params);
    this.images = imageViews(init.images);
    const k = init.head.outDim;
    const saved = init.resume ? unpackCenters(init.resume.center, k, ibotOn) : undefined;
    this.center = tf.keep(saved ? tf.tensor2d(saved.dino, [1, k]) : tf.zeros([1, k]));
    if (ibotOn) this.ibotCenter = tf.keep(saved?.ibot ? tf.tensor2d(saved.ibot, [1, k]) : tf.zeros([1, k]) as tf.Tensor2D);
  }

  get gradientSize(): number {
    return this.layout.size;
  }

  computeShard(step: DinoStep, gradients: Float32Array): DinoShardResult {
    const n = step.positions.length;
    if (n === 0) {
      gradients.fill(0);
      return emptyShardResult(this.init.head.outDim);
    }
    const cached = step.phase !== 'teacher' && this.teacherCache?.step === step.step ? this.teacherCache.logits : undefined;
    this.disposeTeacherCache(cached);
    try {
      return this.runShard(step, gradients, cached);
    } finally {
      if (cached) disposeLogits(cached);
    }
  }

  private runShard(step: DinoStep, gradients: Float32Array, cached: TeacherLogits | undefined): DinoShardResult {
    const spec = this.init.pretrain;
    const { global: g, local: l } = spec.crops;
    const n = step.positions.length;
    const k = this.init.head.outDim;
    const crops = shardCrops(this.images, step, this.init);
    const masks = this.shardMasks(step);
    const share = n / step.batchSize;
    return tf.tidy(() => {
      const globals = tf.tensor3d(crops.global, [g.count * n, g.size, g.size]);
      const locals = l.count > 0 ? tf.tensor3d(crops.local, [l.count * n, l.size, l.size]) : undefined;
      const teacher = cached ?? teacherLogits(this.teacher, this.teacherHead, globals, masks);
      const teacherOut = teacher.cls;
      const teacherSum = rowSum(teacherOut);
      const ibotTeacherSum = teacher.patches ? rowSum(teacher.patches) : undefined;
      const maskedCount = masks?.masked.rows.length ?? 0;
      const teacherOnlyResult = { ...emptyShardResult(k), teacherSum, ibotTeacherSum, maskedPatches: maskedCount };
      if (step.phase === 'teacher') {
        this.teacherCache = { step: step.step, logits: keepLogits(teacher) };
        const ibotTeacherRows = teacher.patches ? new Float32Array(teacher.patches.dataSync()) : new Float32Array(0);
        return { ...teacherOnlyResult, teacherRows: new Float32Array(teacherOut.dataSync()), ibotTeacherRows };
      }
      if (step.teacherOnly) return teacherOnlyResult;
      const center = step.centers ? tf.tensor2d(step.centers.dino, [1, k]) : this.center;
      const teacherProbs = step.diagnostics ? teacherProbabilities(teacherOut, center, step.teacherTemp) : undefined;
      let features: Float32Array | undefined;
      let klSum = 0;
      const terms = { distillation: Number.NaN, koleo: 0, ibot: 0 };
      const { value, grads } = tf.variableGrads(() => {
        // stochastic depth on the student only; each crop's masks keyed by step, view and batch position (segments
        // are view-major: row b of a segment is view ⌊b / n⌋ of the image at shard position b mod n)
        const train = {
          rng: new Rng(this.init.augmentSeed).fork(`drop-path:${step.step}`),
          imageKey: (segment: number, b: number) => `${segment}.${Math.floor(b / n)}.${step.positions[b % n]}`,
        };
        const student = studentOutputs(this.student, this.head, locals ? [globals, locals] : [globals], train, masks);
        if (step.diagnostics) {
          features = new Float32Array(g.count * n * this.init.vit.dim);
          readTensorInto(tf.slice(student.features, [0, 0], [g.count * n, this.init.vit.dim]), features, 0);
        }
        // read inside the closure, off the gradient path: the diagnostics never change the update
        if (teacherProbs) klSum = globalViewKlSum(teacherProbs, student.logits, spec.studentTemperature, g.count);
        return this.objective(student, teacher, center, masks, step, terms);
      }, this.layout.variables());
      gatherGradients(grads, this.layout, gradients, share);
      const loss = value.dataSync()[0];
      const entropySum = teacherProbs ? meanEntropy(teacherProbs).dataSync()[0] * teacherOut.shape[0] : 0;
      const argmax = step.diagnostics ? teacherArgmax(teacherOut, center) : undefined;
      const distillation = Number.isNaN(terms.distillation) ? loss : terms.distillation;
      return {
        ...teacherOnlyResult, loss: loss * share, distillation: distillation * share, koleo: terms.koleo * share, ibot: terms.ibot * share,
        entropySum, features, klSum, argmax,
      };
    });
  }

  /**
   * DINO distillation + KoLeo and iBOT at their weights; the unweighted terms go to `terms` (distillation stays
   * NaN when it is the whole objective, which then needs no extra read-back).
   */
  private objective(
    student: StudentOutputs, teacher: TeacherLogits, center: tf.Tensor2D, masks: ShardMasks | undefined, step: DinoStep,
    terms: { distillation: number; koleo: number; ibot: number },
  ): tf.Scalar {
    const spec = this.init.pretrain;
    const globalRows = spec.crops.global.count * step.positions.length;
    const distillation = dinoLoss({
      student: student.logits, teacher: teacher.cls, center,
      studentTemp: spec.studentTemperature, teacherTemp: step.teacherTemp, globalViews: spec.crops.global.count,
    });
    if (spec.koleoWeight === 0 && !masks) return distillation;
    terms.distillation = distillation.dataSync()[0];
    let total: tf.Scalar = distillation;
    if (spec.koleoWeight > 0) {
      const globalFeatures = tf.slice(student.features, [0, 0], [globalRows, this.init.vit.dim]);
      const koleo = koleoShardLoss(globalFeatures, spec.crops.global.count, step.positions, koleoGroupOf(step.batchSize));
      terms.koleo = koleo.dataSync()[0];
      total = tf.add(total, tf.mul(koleo, spec.koleoWeight));
    }
    if (masks && teacher.patches && student.patchLogits) {
      const ibot = this.ibotTerm(student.patchLogits, teacher.patches, masks, step);
      terms.ibot = ibot.dataSync()[0];
      total = tf.add(total, tf.mul(ibot, spec.ibot.weight));
    }
    return total;
  }

  /** The iBOT loss of the shard's masked patches against the teacher's, centred by the step's or running centre. */
  private ibotTerm(studentPatches: tf.Tensor2D, teacherPatches: tf.Tensor2D, masks: ShardMasks, step: DinoStep): tf.Scalar {
    const k = this.init.head.outDim;
    const center = step.centers?.ibot ? tf.tensor2d(step.centers.ibot, [1, k]) : this.ibotCenter;
    if (!center) throw new Error('iBOT needs a patch centre');
    const teacherProbs = teacherProbabilities(teacherPatches, center, step.teacherTemp);
    return ibotLoss({ student: studentPatches, teacherProbs, masked: masks.masked, studentTemp: this.init.pretrain.studentTemperature });
  }

  /** The student's patch masks for this shard's global crops, from the step's whole-batch draw (iBOT only). */
  private shardMasks(step: DinoStep): ShardMasks | undefined {
    if (!this.ibotOn) return undefined;
    const { global: g } = this.init.pretrain.crops;
    const grid = g.size / this.init.vit.patchSize;
    const rng = new Rng(this.init.augmentSeed).fork(`ibot-masks:${step.step}`);
    const batch = ibotBatchMasks(g.count * step.batchSize, grid, this.init.pretrain.ibot, rng);
    const masks = shardMasks(batch, step.positions, step.batchSize, g.count);
    return { flat: concatMasks(masks), masked: maskedPatches(masks) };
  }

  apply(gradients: Float32Array, update: DinoUpdate): void {
    if (update.optimize) {
      const frozen = new Set(update.freezeLastLayer ? ['last_layer.weight_v'] : []);
      this.optimizer.step(gradients, update.lr, update.weightDecay, frozen);
      this.emaBackbone.update((name) => this.optimizer.valuesOf(this.student.params.get(name)), update.momentum);
      this.emaHead.update((name) => this.optimizer.valuesOf(this.head.params.get(name)), update.momentum);
    }
    this.center = blendInto(this.center, update.teacherMean, update.centerMomentum);
    if (this.ibotCenter && update.ibotTeacherMean) this.ibotCenter = blendInto(this.ibotCenter, update.ibotTeacherMean, update.centerMomentum);
  }

  /** Copies of every tensor the next step depends on (all replicas hold the same). */
  snapshot(): DinoReplicaState {
    const ibotCenter = this.ibotCenter ? new Float32Array(this.ibotCenter.dataSync()) : undefined;
    return {
      student: this.student.toWeights(), studentHead: this.head.toWeights(),
      teacher: this.teacher.toWeights(), teacherHead: this.teacherHead.toWeights(),
      optimizer: this.optimizer.snapshot(), center: packCenters(new Float32Array(this.center.dataSync()), ibotCenter),
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
    this.ibotCenter?.dispose();
    this.disposeTeacherCache(undefined);
    return { student: this.student, teacher: this.teacher };
  }

  dispose(): void {
    this.releaseBackbones();
    this.student.dispose();
    this.teacher.dispose();
  }

  /** Drops a cached teacher phase, except `taken` (which the caller now owns). */
  private disposeTeacherCache(taken: TeacherLogits | undefined): void {
    if (this.teacherCache && this.teacherCache.logits !== taken) disposeLogits(this.teacherCache.logits);
    this.teacherCache = undefined;
  }
}

/** c ← m·c + (1 − m)·mean, disposing the old centre. */
function blendInto(center: tf.Tensor2D, mean: Float32Array, momentum: number): tf.Tensor2D {
  const next = tf.tidy(() => blendCenter(center, tf.tensor2d(mean, [1, mean.length]), momentum));
  center.dispose();
  return tf.keep(next);
}

function keepLogits(logits: TeacherLogits): TeacherLogits {
  return { cls: tf.keep(logits.cls), patches: logits.patches ? tf.keep(logits.patches) : undefined };
}

function disposeLogits(logits: TeacherLogits): void {
  logits.cls.dispose();
  logits.patches?.dispose();
}

/** L2-normalised feature std over rows, averaged over dimensions (≈ 1/√D healthy, 0 collapsed). */
export function normalisedFeatureStd(features: Float32Array, dim: number): number {
  return tf.tidy(() => {
    const x = tf.tensor2d(features, [features.length / dim, dim]);
    return tf.mean(tf.sqrt(tf.moments(l2Normalize(x), 0).variance)).dataSync()[0];
  });
}
