// A downstream task is data: label set, output type, metrics and the unit of evaluation (lm-eval-harness
// style), read from one YAML file per task (defs/*.yaml). The runner and the reports read these fields.

export type TaskOutput = 'multiclass' | 'ordinal' | 'binary';

/** Metric ids the tasks may name; each is implemented in benchmarks/metrics. */
export const TASK_METRIC_IDS = ['auroc', 'accuracy', 'macro-f1', 'quadratic-kappa', 'balanced-accuracy'] as const;
export type TaskMetricId = (typeof TASK_METRIC_IDS)[number];

export interface TaskMetricSpec {
  /** Metric id in the metric registry (benchmarks/metrics). */
  id: string;
  higherIsBetter: boolean;
}

/** A value of a phantom's sign parameter: a number, a [min, max] range, a name or a table of ranges. */
export type PhantomSignValue = number | string | boolean | readonly number[] | Readonly<Record<string, readonly number[]>>;

/**
 * How the seeded synthetic stand-in of a task is generated. Only the phantom generators interpret `signs`;
 * the registry checks their names and ranges (task-schema.ts) so a typo fails at startup.
 */
export interface TaskPhantom {
  /** Phantom family, e.g. "knee-radiograph", "knee-prognosis", "knee-mri", "hip-mri". */
  generator: string;
  /** Share of patients per label (true labels, before label noise); sums to 1. */
  prevalence: readonly number[];
  /** Probability that a patient's recorded label differs from the truth (reader disagreement). */
  labelNoise: number;
  /** Images per patient (radiographs) or slices per exam (MRI) when the spec does not say. */
  imagesPerPatient: number;
  /** Number of simulated sites/scanners; patients are spread over them unevenly. */
  sites: number;
  /** MRI only: share of an exam's slices in each plane. */
  planes?: Readonly<Record<string, number>>;
  /** Generator-specific sign parameters. */
  signs: Readonly<Record<string, PhantomSignValue>>;
}

export interface TaskDefinition {
  id: string;
  version: number;
  title: string;
  modality: 'xray' | 'mri';
  anatomy: string;
  labels: string[];
  output: TaskOutput;
  primaryMetric: string;
  metrics: TaskMetricSpec[];
  unit: 'image' | 'exam';
  /** Where the data comes from when the spec says synthetic:<id>. */
  source: string;
  /** Present when the task ships a synthetic phantom. */
  phantom?: TaskPhantom;
  /** The YAML file the task was read from (for error messages that point at it). */
  file?: string;
}
