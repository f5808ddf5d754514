// Catalogue entries of the metrics: one model's labels and predictions, scores or probabilities in; the value
// as scikit-learn defines it out (see benchmarks/metrics/ for each definition and its reference).
import { confusionMatrix, perClassF1 } from '../metrics/classification.ts';
import { sensitivitySpecificityAt, youdenOperatingPoint } from '../metrics/operating-point.ts';
import type { MetricResult } from '../metrics/metric-result.ts';
import { readModelOutputs, requirePredictions, type ModelOutputs } from './model-outputs.ts';
import { outputsMetric } from './scalar-metrics.ts';
import { startResult, undefinedResult, type ResultTable, type StatEntry, type StatResult } from './stat-entry.ts';
import { StatInputError } from './stat-table.ts';

const PREDICTED = 'labels + predictions (or probabilities → argmax, or binary scores ≥ --threshold, default 0.5)';
const SCORED = 'labels + scores (binary) | labels + probabilities (k classes)';

function scalarMetric(name: string, title: string, input: string, method: string): StatEntry {
  const entry: StatEntry = {
    name,
    title,
    family: 'metric',
    input,
    run(table, options) {
      const outputs = readModelOutputs(table, options);
      const result = startResult(entry, method, outputs.yTrue.length);
      result.details.classes = outputs.numClasses;
      if (outputs.predictionSource && input === PREDICTED) result.details.predictions = outputs.predictionSource;
      return withValue(result, name, outputsMetric(name)(outputs, table.source));
    },
  };
  return entry;
}

function withValue(result: StatResult, name: string, value: MetricResult): StatResult {
  if (!value.defined) return undefinedResult(result, name, value);
  const notes = value.caveats.map((caveat) => `caveat: ${caveat}`);
  return { ...result, statistic: { name, value: value.value }, notes: [...result.notes, ...notes] };
}

/** An entry that tabulates one model's predictions per class (no single headline number). */
function predictionTableEntry(name: string, title: string, method: string, tabulate: (outputs: ModelOutputs, yPred: number[]) => ResultTable): StatEntry {
  const entry: StatEntry = {
    name,
    title,
    family: 'metric',
    input: PREDICTED,
    run(table, options) {
      const outputs = readModelOutputs(table, options);
      const rows = tabulate(outputs, requirePredictions(outputs, table.source));
      const result = startResult(entry, method, outputs.yTrue.length);
      result.tables.push(rows);
      result.details.classes = outputs.numClasses;
      return result;
    },
  };
  return entry;
}

const perClassF1Entry = predictionTableEntry('per-class-f1', 'F1 of each class (zero_division = 0)', 'sklearn f1_score(average=None)', (outputs, yPred) => {
  const scores = perClassF1(outputs.yTrue, yPred, outputs.numClasses);
  const support = scores.map((_, c) => outputs.yTrue.filter((y) => y === c).length);
  return { title: 'per class', head: ['class', 'F1', 'support'], rows: scores.map((f1, c) => [c, f1, support[c]]) };
});

const confusionMatrixEntry = predictionTableEntry(
  'confusion-matrix',
  'Confusion matrix (rows: true class, columns: predicted class)',
  'sklearn confusion_matrix(labels=range(k))',
  (outputs, yPred) => {
    const counts = confusionMatrix(outputs.yTrue, yPred, outputs.numClasses);
    const head = ['true \\ predicted', ...counts.map((_, c) => String(c))];
    return { title: 'counts', head, rows: counts.map((row, c) => [c, ...row]) };
  },
);

const sensitivitySpecificityEntry: StatEntry = {
  name: 'sensitivity-specificity',
  title: 'Sensitivity and specificity at a threshold, or at the Youden-optimal one',
  family: 'metric',
  input: 'labels + scores (binary; positive when score ≥ threshold)',
  methods: ['youden', 'threshold'],
  run(table, options) {
    const outputs = readModelOutputs(table, options);
    const method = options.method ?? (options.threshold === undefined ? 'youden' : 'threshold');
    if (!outputs.scores) throw new StatInputError(`${table.source}: needs "scores" (binary score of class 1)`);
    const result = startResult(sensitivitySpecificityEntry, method === 'youden' ? 'Youden J = sensitivity + specificity − 1, maximised' : 'fixed threshold', outputs.yTrue.length);
    if (method === 'youden') {
      const point = youdenOperatingPoint(outputs.yTrue, outputs.scores);
      if (!point.defined) return undefinedResult(result, 'youdenJ', point);
      result.statistic = { name: 'youdenJ', value: point.youdenJ };
      Object.assign(result.details, { threshold: point.threshold, sensitivity: point.sensitivity, specificity: point.specificity });
      result.notes.push(...point.caveats.map((caveat) => `caveat: ${caveat}`));
      return result;
    }
    const threshold = options.threshold ?? 0.5;
    const point = sensitivitySpecificityAt(outputs.yTrue, outputs.scores, threshold);
    const valueOf = (m: MetricResult) => (m.defined ? m.value : null);
    Object.assign(result.details, {
      threshold,
      sensitivity: valueOf(point.sensitivity),
      specificity: valueOf(point.specificity),
      truePositives: point.truePositives,
      falsePositives: point.falsePositives,
      trueNegatives: point.trueNegatives,
      falseNegatives: point.falseNegatives,
    });
    for (const m of [point.sensitivity, point.specificity]) if (!m.defined) result.notes.push(`undefined (${m.reason}): ${m.detail}`);
    return result;
  },
};

export const METRIC_ENTRIES: StatEntry[] = [
  scalarMetric('accuracy', 'Accuracy', PREDICTED, 'sklearn accuracy_score'),
  scalarMetric('balanced-accuracy', 'Balanced accuracy (mean recall of the classes present)', PREDICTED, 'sklearn balanced_accuracy_score'),
  scalarMetric('macro-f1', 'Macro F1 (classes present in labels or predictions)', PREDICTED, 'sklearn f1_score(average="macro")'),
  perClassF1Entry,
  scalarMetric('quadratic-kappa', "Cohen's kappa, quadratic weights", PREDICTED, 'sklearn cohen_kappa_score(weights="quadratic")'),
  scalarMetric('auroc', 'Area under the ROC curve (multiclass: one-vs-rest macro)', SCORED, 'sklearn roc_auc_score (ovr macro for k > 2)'),
  scalarMetric('auprc', 'Average precision (multiclass: one-vs-rest macro)', SCORED, 'sklearn average_precision_score'),
  sensitivitySpecificityEntry,
  scalarMetric('brier', 'Brier score (binary: mean (p − y)²; multiclass: Σ over classes)', SCORED, 'Brier 1950 (binary as sklearn brier_score_loss)'),
  scalarMetric('ece', 'Expected calibration error, top label, 15 equal-width bins', SCORED, 'Guo et al. 2017'),
  confusionMatrixEntry,
];
