// The --help text of `bench stats`: the catalogue by family (generated, so it never drifts from the code), the
// input formats, and examples. The same formats are documented in README.md, section "bench stats".
import { STAT_CATALOG } from '../../benchmarks/stats-catalog/catalog.ts';
import type { StatFamily } from '../../benchmarks/stats-catalog/stat-entry.ts';

const FAMILY_TITLES: Record<StatFamily, string> = {
  metric: 'Metrics',
  interval: 'Intervals',
  test: 'Tests',
  correction: 'Multiple-testing corrections',
  estimator: 'Transferability estimators',
};

function catalogueText(): string {
  const families = [...new Set(STAT_CATALOG.map((e) => e.family))];
  return families
    .map((family) => {
      const entries = STAT_CATALOG.filter((e) => e.family === family).map((e) => {
        const methods = e.methods ? `  [--method ${e.methods.join('|')}]` : '';
        return `  ${e.name.padEnd(24)}${e.title}${methods}\n  ${''.padEnd(24)}reads: ${e.input}`;
      });
      return `${FAMILY_TITLES[family]}:\n${entries.join('\n')}`;
    })
    .join('\n\n');
}

const FORMATS = `
Input (one file, JSON or CSV; the extension decides, else the first character):
  JSON  an object of named columns, one array entry per sample:
          {"labels": [0, 1, 1, 0], "scores": [0.2, 0.9, 0.6, 0.4], "scoresB": [0.3, 0.7, 0.8, 0.1], "groups": ["p1", "p1", "p2", "p3"]}
        vector columns (probabilities, probabilitiesB, features) hold one array per sample.
  CSV   a header line with the same column names, one row per sample; a vector column is spread over numbered
        columns: p0,p1,… = probabilities · pB0,pB1,… = probabilitiesB · f0,f1,… = features.
Columns:
  labels                  true class, an integer 0 … k−1 (binary tasks: 0/1)
  predictions[B]          predicted class of model A [B]; when absent: argmax of probabilities, or scores ≥ --threshold (0.5)
  scores[B]               binary tasks: score (probability) of class 1 of model A [B]
  probabilities[B]        k class probabilities per sample (rows sum to 1)
  groups                  patient (cluster) id: bootstraps resample whole patients
  values, valuesB         paired numbers (paired-t, wilcoxon; bootstrap-ci/non-inferiority with --metric mean|std)
  pValues [, names]       holm, bh
  features                estimators
  friedman-nemenyi        one numeric column per model, one row per task; a text column names the tasks
Output: a table; --json prints {name, input, method, n, statistic, pValue, ci, effect, details, tables, notes,
options} with non-finite numbers as "Infinity"/"-Infinity"/"NaN".

Examples:
  $ bench stats auroc preds.csv                                   AUROC of a binary or multiclass model
  $ bench stats bootstrap-ci preds.json --metric auroc --method bca --resamples 5000   patient-level BCa CI if "groups" is given
  $ bench stats delong preds.json --json                          DeLong paired test when scoresB is present
  $ bench stats mcnemar preds.csv --method mid-p
  $ bench stats mcnemar-clustered preds.csv                       both knees per patient: Yang's clustered test
  $ bench stats mcnemar-clustered preds.csv --method sign-flip    the exact patient-level randomisation test (few patients)
  $ bench stats non-inferiority preds.json --metric auroc --margin 0.02 --alpha 0.05
  $ bench stats friedman-nemenyi tasks-by-models.csv --alpha 0.05
  $ bench stats holm pvalues.csv

Exit codes: 0 printed · 2 bad input (unknown statistic, missing column, wrong lengths, non-numeric cell, bad flag)`;

export function statsHelpText(): string {
  return `\n${catalogueText()}\n${FORMATS}`;
}
