// A downstream task is data: label set, output type, metrics and the unit of evaluation (lm-eval-harness
// style). The runner and the reports read these fields; nothing here computes.

export type TaskOutput = 'multiclass' | 'ordinal' | 'binary';

export interface TaskMetricSpec {
  /** Metric id in the metric registry (benchmarks/metrics). */
  id: string;
  higherIsBetter: boolean;
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
}
