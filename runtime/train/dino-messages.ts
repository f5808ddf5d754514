// The messages of data-parallel DINO training: what a replica is built from (DinoReplicaInit, resume state), what
// the coordinator asks of it each step (DinoStep), what a shard returns (DinoShardResult) and the update every
// replica then applies (DinoUpdate). The replica itself: dino-replica.ts.
import type { ResolvedExperiment } from '../../dsl/types.ts';
import type { DinoHeadConfig } from '../model/dino-head.ts';
import type { VitConfig } from '../model/vit-config.ts';
import type { WeightMap } from '../model/weights.ts';
import type { AdamWSnapshot } from './adamw.ts';
import type { SharedImages } from './parallel/replica.ts';

/** What a resumed replica takes besides the student's weights: the teacher, the optimiser moments, the centre. */
export interface DinoResumeState {
  teacher: WeightMap;
  teacherHead: WeightMap;
  optimizer: AdamWSnapshot;
  /** Running centre [K], followed by the iBOT patch centre [K] when iBOT is on. */
  center: Float32Array;
}

/** The whole training state of a replica after some step (a checkpoint's tensors). */
export interface DinoReplicaState extends DinoResumeState {
  /** With iBOT it includes the `mask_token` [1, D]. */
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

/** Per-batch centres replacing the running ones for one step (Sinkhorn–Knopp), [K] each. */
export interface StepCenters {
  dino: Float32Array;
  ibot?: Float32Array;
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
  /**
   * 'teacher': run only the teacher, return its raw outputs and keep them for the next call with this step
   * (Sinkhorn–Knopp needs the whole batch's outputs before any student loss).
   */
  phase?: 'teacher';
  /** Use these centres instead of the running ones. */
  centers?: StepCenters;
}

export interface DinoShardResult {
  /** This shard's share of the batch loss (shard losses sum to the batch loss). */
  loss: number;
  /** This shard's share of the DINO distillation term and of the (unweighted) KoLeo and iBOT terms of the loss. */
  distillation: number;
  koleo: number;
  ibot: number;
  /** Σ over this shard's rows of the teacher's raw outputs [K] (for the centre). */
  teacherSum: Float32Array;
  /** Σ over this shard's masked patches of the teacher's raw patch outputs [K], and how many there are (iBOT only). */
  ibotTeacherSum?: Float32Array;
  maskedPatches: number;
  /** Teacher phase only: raw teacher outputs, row-major, of the global crops [G·n, K] and of the masked patches [M, K]. */
  teacherRows?: Float32Array;
  ibotTeacherRows?: Float32Array;
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
  /** Mean over the batch's masked patches of the teacher's raw patch outputs (absent: none masked, or no iBOT). */
  ibotTeacherMean?: Float32Array;
}
