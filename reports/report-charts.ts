// Figures of the HTML report beyond charts.ts, as Vega-Lite specs: ROC curves from pooled out-of-fold
// probabilities, a confusion matrix, a critical-difference diagram (Demšar 2006) and a 2-D sweep heatmap.
import type { TopLevelSpec } from 'vega-lite';
import { thresholdCounts } from '../benchmarks/metrics/threshold-counts.ts';
import { confusionMatrix } from '../benchmarks/metrics/confusion-matrix.ts';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

export interface RocSeries {
  model: string;
  yTrue: readonly number[];
  scores: readonly number[];
}

/** Points (fpr, tpr) from (0, 0) to (1, 1), one per distinct threshold, as sklearn's roc_curve. */
export function rocPoints(yTrue: readonly number[], scores: readonly number[]): Array<{ fpr: number; tpr: number }> {
  const counts = thresholdCounts(yTrue, scores);
  const points = [{ fpr: 0, tpr: 0 }];
  counts.thresholds.forEach((_, i) => points.push({ fpr: counts.falsePositives[i] / counts.negatives, tpr: counts.truePositives[i] / counts.positives }));
  return points;
}

export function rocSpec(title: string, series: readonly RocSeries[]): TopLevelSpec {
  const rows = series.flatMap((s) => rocPoints(s.yTrue, s.scores).map((p, order) => ({ model: s.model, order, ...p })));
  return {
    $schema: SCHEMA,
    title,
    width: 260,
    height: 260,
    layer: [
      { data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] }, mark: { type: 'line', strokeDash: [4, 4], color: '#999' }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } },
      {
        data: { values: rows },
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: { field: 'fpr', type: 'quantitative', title: 'false positive rate', scale: { domain: [0, 1] } },
          y: { field: 'tpr', type: 'quantitative', title: 'true positive rate', scale: { domain: [0, 1] } },
          color: { field: 'model', type: 'nominal' },
          order: { field: 'order', type: 'quantitative' },
        },
      },
    ],
  };
}

export function confusionSpec(title: string, labels: readonly string[], yTrue: readonly number[], yPred: readonly number[]): TopLevelSpec {
  const matrix = confusionMatrix(yTrue, yPred, labels.length);
  const rows = matrix.flatMap((row, t) => row.map((count, p) => ({ truth: labels[t], predicted: labels[p], count })));
  const sort = [...labels];
  return {
    $schema: SCHEMA,
    title,
    data: { values: rows },
    width: 40 * labels.length,
    height: 40 * labels.length,
    encoding: {
      x: { field: 'predicted', type: 'ordinal', sort },
      y: { field: 'truth', type: 'ordinal', sort },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'count', type: 'quantitative', scale: { scheme: 'blues' } } } },
      { mark: 'text', encoding: { text: { field: 'count', type: 'quantitative' } } },
    ],
  };
}

/** Models placed at their mean rank (1 = best) with a bar as long as the Nemenyi critical difference. */
export function criticalDifferenceSpec(models: readonly string[], meanRanks: readonly number[], cd: number, tasks: number): TopLevelSpec {
  const points = models.map((model, i) => ({ model, rank: meanRanks[i] }));
  return {
    $schema: SCHEMA,
    title: `Critical difference (Nemenyi, α = 0.05): CD = ${cd.toFixed(2)} over ${tasks} tasks`,
    width: 420,
    height: 90,
    layer: [
      { data: { values: [{ from: 1, to: 1 + cd, y: 'CD' }] }, mark: { type: 'rule', strokeWidth: 3, color: '#c00' }, encoding: { x: { field: 'from', type: 'quantitative' }, x2: { field: 'to' }, y: { field: 'y', type: 'nominal', title: null } } },
      {
        data: { values: points.map((p) => ({ ...p, y: 'models' })) },
        layer: [
          { mark: { type: 'point', filled: true, size: 80 }, encoding: { x: { field: 'rank', type: 'quantitative', title: 'mean rank (1 = best)', scale: { domain: [1, Math.max(models.length, 1 + cd)] } }, y: { field: 'y', type: 'nominal', title: null }, color: { field: 'model', type: 'nominal' } } },
          { mark: { type: 'text', dy: -12 }, encoding: { x: { field: 'rank', type: 'quantitative' }, y: { field: 'y', type: 'nominal' }, text: { field: 'model', type: 'nominal' } } },
        ],
      },
    ],
  };
}

export interface HeatmapCell {
  x: string;
  y: string;
  value: number;
}

export function heatmapSpec(title: string, xAxis: string, yAxis: string, metric: string, cells: readonly HeatmapCell[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title,
    data: { values: cells.map((c) => ({ ...c })) },
    width: 260,
    height: 200,
    encoding: { x: { field: 'x', type: 'ordinal', title: xAxis }, y: { field: 'y', type: 'ordinal', title: yAxis } },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'value', type: 'quantitative', title: metric, scale: { scheme: 'viridis' } } } },
      { mark: 'text', encoding: { text: { field: 'value', type: 'quantitative', format: '.3f' }, color: { value: 'white' } } },
    ],
  };
}
