// The results contract: what a finished job stores (runs/<jobId>/result.json). Reports, tracking, compare
// and gate read results only through these types. Bump RESULTS_SCHEMA_VERSION on breaking changes.
import type { ResolvedExperiment, SweepValue } from './types.ts';

export const RESULTS_SCHEMA_VERSION = 1;

/** The models evaluated on the same folds: the DINO-pretrained backbone and the baselines. */
export type ModelKind = 'pretrained' | 'random-init' | 'supervised';

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
}

/** Out-of-fold predictions of one model at one label fraction on one fold. */
export interface FoldPredictions {
  model: ModelKind;
  fraction: number;
  fold: number;
  /** Indices into the dataset's sample list. */
  testIndices: number[];
  trainCount: number;
  predicted: number[];
  probabilities: number[][];
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
}

export interface ModelScores {
  model: ModelKind;
  fraction: number;
  metrics: MetricSummary[];
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
  folds: Array<{ fold: number; trainSamples: number; testSamples: number; trainPatients: number; testPatients: number }>;
  scores: ModelScores[];
  comparisons: PairedComparison[];
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

export interface JobResult {
  schemaVersion: number;
  jobId: string;
  name: string;
  sweepPoint: Record<string, SweepValue>;
  spec: ResolvedExperiment;
  environment: JobEnvironment;
  datasets: Array<{ task: string; source: string; manifest: string; nSamples: number; nPatients: number; classCounts: number[] }>;
  pretraining: PretrainingSummary;
  tasks: TaskResult[];
  timings: Record<string, number>;
}
