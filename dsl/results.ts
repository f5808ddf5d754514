// The results contract: what a finished job stores (runs/<jobId>/result.json). Reports, tracking, compare
// and gate read results only through these types. Bump RESULTS_SCHEMA_VERSION on breaking changes.
import type { ResolvedExperiment, SweepValue } from './types.ts';

export const RESULTS_SCHEMA_VERSION = 1;

/**
 * The models evaluated on the same folds: a backbone with its protocol. 'pretrained' and 'random-init' alone mean
 * the linear probe of their frozen features, 'supervised' the ViT trained from scratch; ':knn' is the k-NN vote on
 * frozen features and 'pretrained:fine-tune' the pretrained backbone trained end to end.
 */
export type ModelKind = 'pretrained' | 'random-init' | 'supervised' | 'pretrained:knn' | 'random-init:knn' | 'pretrained:fine-tune';

export interface TrainingLogEntry {
  step: number;
  loss: number;
  /** Mean entropy (nats) of the teacher's centred, sharpened output; ln K = uniform collapse. */
  teacherEntropy: number;
  /** Std over the batch of L2-normalised student CLS features, averaged over dims (≈ 1/√d healthy, 0 collapsed). */
  featureStd: number;
  lr: number;
  momentum: number;
  teacherTemp: number;
  imagesPerSec: number;
  /** Mean KL(P_t(u) ‖ P_s(v)) over pairs of different global views (nats); ≈ 0 means a constant output. Absent in older results. */
  klDivergence?: number;
  /** Share of the K prototypes that are the argmax of some teacher row in the batch (at most rows / K). Absent in older results. */
  prototypeUsage?: number;
  /** The KoLeo term before its weight, when koleoWeight > 0. */
  koleoLoss?: number;
  /** The iBOT masked-patch term before its weight, when ibot.weight > 0. */
  ibotLoss?: number;
  /** Weight decay of the decayed parameters at this step (absent in older results). */
  weightDecay?: number;
}

/** The `fold` of predictions on a data set's held-out test part, by models trained on its whole train part. */
export const HELD_OUT_FOLD = -1;

/** Out-of-fold predictions of one model at one label fraction on one fold (or on the held-out test part). */
export interface FoldPredictions {
  model: ModelKind;
  fraction: number;
  /** Cross-validation fold, or HELD_OUT_FOLD (-1) for the held-out test part. */
  fold: number;
  /** Indices into the dataset's sample list. */
  testIndices: number[];
  trainCount: number;
  predicted: number[];
  probabilities: number[][];
  /** Hyper-parameters chosen on a validation split of this fold's training part (absent when none were). */
  selection?: FoldSelection;
}

/** A per-fold choice made on an inner validation split carved from the training part, never the test fold. */
export interface FoldSelection {
  /** The chosen values, e.g. { l2: 0.01 } for the probe's grid or { epoch: 4 } for fine-tuning's early stopping. */
  chosen: Record<string, number>;
  /** What was minimised on the validation split, e.g. "validation log-loss". */
  criterion: string;
  /** Each candidate (λ, or epoch) with its validation score, in the order tried. */
  candidates: Array<{ value: number; score: number }>;
  /** Samples the candidates were fitted on and scored on (validation 0: nothing was chosen, see note). */
  fitCount: number;
  validationCount: number;
  note?: string;
}

export interface Interval {
  lower: number;
  upper: number;
  confidence: number;
  method: string;
}

export interface MetricSummary {
  metric: string;
  /** Mean over folds. */
  mean: number;
  /** Sample standard deviation over folds. */
  sd: number;
  perFold: number[];
  /** The metric on the pooled out-of-fold predictions. */
  pooled: number;
  /** Bootstrap CI of the pooled metric, resampling patients. */
  ci: Interval;
  /** BCa bootstrap CI of the pooled metric, resampling patients; primary metric only, absent in older results. */
  bca?: Interval;
}

export interface ModelScores {
  model: ModelKind;
  fraction: number;
  metrics: MetricSummary[];
  /** The class the model predicts most often on the pooled out-of-fold samples, and its share; absent in older results. */
  dominantPrediction?: { label: number; share: number };
}

export interface PairedComparison {
  fraction: number;
  model: ModelKind;
  baseline: ModelKind;
  metric: string;
  /** Name of the paired test, e.g. "mcnemar-exact". */
  test: string;
  statistic: number;
  pValue: number;
  alpha: number;
  significant: boolean;
  /** Effect size with its CI: for McNemar, the difference in pooled accuracy. */
  effect: { name: string; value: number; ci: Interval };
  details: Record<string, number>;
}

export interface TaskResult {
  task: string;
  taskVersion: number;
  labels: string[];
  primaryMetric: string;
  nSamples: number;
  nPatients: number;
  /** Exam-level tasks: the number of exams, the unit metrics, tests and fold counts below are computed over. */
  nExams?: number;
  /** Exam-level tasks: how slice scores were pooled per exam. */
  examPooling?: 'mean' | 'max';
  folds: Array<{ fold: number; trainSamples: number; testSamples: number; trainPatients: number; testPatients: number }>;
  scores: ModelScores[];
  comparisons: PairedComparison[];
  /** Whether pretrained with fewer labels matches supervised with all of them; absent in older results. */
  labelEfficiency?: LabelEfficiency;
  /** Scores on the data set's fixed test part; present only when the data set marks samples "test". */
  heldOut?: HeldOutTestResult;
}

/**
 * A data set's fixed train/test split: cross-validation ran on the train part only; every model was also trained on
 * the whole train part at each label fraction and scored once on the test part. Counts are in the task's unit.
 */
export interface HeldOutTestResult {
  trainSamples: number;
  trainPatients: number;
  testSamples: number;
  testPatients: number;
  scores: HeldOutScores[];
  /** The paired tests of each model against its baselines on the test part (same pairs as cross-validation). */
  comparisons: PairedComparison[];
}

export interface HeldOutScores {
  model: ModelKind;
  fraction: number;
  /** Training samples of this fraction (slices for exam-level tasks). */
  trainCount: number;
  metrics: HeldOutMetric[];
}

export interface HeldOutMetric {
  metric: string;
  /** The metric on the whole test part. */
  value: number;
  /** Bootstrap CI resampling test patients. */
  ci: Interval;
  /** BCa bootstrap CI resampling test patients; primary metric only, when defined. */
  bca?: Interval;
}

/** pretrained@fraction against the supervised reference on the task's primary metric. */
export interface NonInferiorityAtFraction {
  fraction: number;
  /** Observed Δ = metric(pretrained@fraction) − metric(reference): the effect size. */
  delta: number;
  /** One-sided (1 − α) lower confidence bound of Δ. */
  lowerBound: number;
  /** One-sided p-value of H₀: Δ ≤ −margin. */
  pValue: number;
  nonInferior: boolean;
}

/** The label-efficiency verdict of one task: the smallest label fraction at which pretrained is non-inferior. */
export interface LabelEfficiency {
  metric: string;
  model: ModelKind;
  referenceModel: ModelKind;
  /** Label fraction of the reference (1 = supervised with all labels). */
  referenceFraction: number;
  margin: number;
  /** One-sided level of each test (the fixed sequence keeps the family-wise error at α). */
  alpha: number;
  resamples: number;
  method: string;
  /** Tests by ascending fraction; empty when the verdict could not be assessed (see reason). */
  tests: NonInferiorityAtFraction[];
  /** Smallest f such that f and every larger fraction are non-inferior (fixed-sequence); null if none. */
  smallestFraction: number | null;
  /** Fixed-sequence adjusted p of the claim at smallestFraction: the largest p of the sequence up to it. */
  pValue: number | null;
  reason: string;
}

export interface JobEnvironment {
  backend: string;
  node: string;
  platform: string;
  gitCommit: string;
  orthobenchVersion: string;
  startedAt: string;
  finishedAt: string;
  durationSec: number;
}

export interface PretrainingSummary {
  method: string;
  steps: number;
  wallSec: number;
  imagesPerSec: number;
  log: TrainingLogEntry[];
}

/** An input left out of a data set: the file, why, and the manifest or labels line that listed it. */
export interface SkippedInputRecord {
  path: string;
  reason: string;
  listedIn?: string;
  line?: number;
}

export interface JobResult {
  schemaVersion: number;
  jobId: string;
  name: string;
  sweepPoint: Record<string, SweepValue>;
  spec: ResolvedExperiment;
  environment: JobEnvironment;
  datasets: Array<{
    task: string;
    source: string;
    manifest: string;
    nSamples: number;
    nPatients: number;
    classCounts: number[];
    /** Inputs left out under data.onInvalid 'skip' (absent in runs before it existed). */
    skipped?: SkippedInputRecord[];
  }>;
  pretraining: PretrainingSummary;
  tasks: TaskResult[];
  timings: Record<string, number>;
}
