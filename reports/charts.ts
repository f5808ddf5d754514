// The report's figures as Vega-Lite specs: DINO training curves (collapse shows as flat entropy/feature std)
// and label-efficiency curves with bootstrap CIs.
import type { TopLevelSpec } from 'vega-lite';
import type { JobResult, TaskResult } from '../dsl/results.ts';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

export function trainingCurvesSpec(result: JobResult): TopLevelSpec | undefined {
  const log = result.pretraining.log;
  if (log.length === 0) return undefined;
  const rows = log.flatMap((entry) => [
    { step: entry.step, series: 'loss', value: entry.loss },
    { step: entry.step, series: 'teacher entropy', value: entry.teacherEntropy },
    { step: entry.step, series: 'feature std (×√d)', value: entry.featureStd },
    { step: entry.step, series: 'learning rate', value: entry.lr },
  ]);
  return {
    $schema: SCHEMA,
    title: 'DINO pretraining',
    data: { values: rows },
    facet: { field: 'series', type: 'nominal', title: null },
    columns: 2,
    spec: {
      width: 260,
      height: 140,
      mark: { type: 'line', point: false },
      encoding: {
        x: { field: 'step', type: 'quantitative' },
        y: { field: 'value', type: 'quantitative', scale: { zero: false }, title: null },
      },
    },
    resolve: { scale: { y: 'independent' } },
  };
}

export function labelEfficiencySpec(task: TaskResult): TopLevelSpec {
  const metric = task.primaryMetric;
  const rows = task.scores.map((score) => {
    const summary = score.metrics.find((m) => m.metric === metric)!;
    return {
      model: score.model,
      fraction: score.fraction,
      value: summary.pooled,
      lower: summary.ci.lower,
      upper: summary.ci.upper,
    };
  });
  return {
    $schema: SCHEMA,
    title: `${task.task}: ${metric} vs label fraction`,
    width: 360,
    height: 220,
    data: { values: rows },
    encoding: {
      x: { field: 'fraction', type: 'quantitative', scale: { type: 'log', base: 2 }, title: 'label fraction' },
      color: { field: 'model', type: 'nominal' },
    },
    layer: [
      { mark: { type: 'line', point: true }, encoding: { y: { field: 'value', type: 'quantitative', title: metric, scale: { zero: false } } } },
      { mark: { type: 'errorbar', ticks: true }, encoding: { y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' } } },
    ],
  };
}
