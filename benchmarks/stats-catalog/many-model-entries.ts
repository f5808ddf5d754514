// Catalogue entries over many comparisons: Friedman + Nemenyi ranks of k models over N tasks (Demšar 2006),
// and Holm / Benjamini–Hochberg adjustment of a column of p-values.
import { friedmanTest } from '../stats/friedman.ts';
import { benjaminiHochberg, holmCorrection, type CorrectionResult } from '../stats/multiple-testing.ts';
import { nemenyiTest } from '../stats/nemenyi.ts';
import { startResult, undefinedResult, withTestOutcome, type StatEntry } from './stat-entry.ts';
import { StatInputError, type StatTable } from './stat-table.ts';

/** Every numeric column is a model; a non-numeric column, if any, names the blocks (tasks). */
function scoreTable(table: StatTable): { models: string[]; blockNames: string[]; scores: number[][] } {
  const models = table.names().filter((name) => table.isNumeric(name));
  const labelColumns = table.names().filter((name) => !models.includes(name));
  if (models.length < 3) {
    throw new StatInputError(`${table.source}: the Friedman test needs at least 3 numeric model columns (found ${models.length}: ${models.join(', ') || 'none'})`);
  }
  const blocks = table.rowCount([...models, ...labelColumns]);
  const columns = models.map((name) => table.numbers(name));
  const blockNames = labelColumns.length === 1 ? table.texts(labelColumns[0]) : Array.from({ length: blocks }, (_, i) => String(i + 1));
  return { models, blockNames, scores: blockNames.map((_, row) => columns.map((column) => column[row])) };
}

const friedmanEntry: StatEntry = {
  name: 'friedman-nemenyi',
  title: 'Friedman test of k models over N tasks, then Nemenyi pairwise comparisons (higher scores rank first)',
  family: 'test',
  input: 'one numeric column per model, one row per task (block); an optional text column names the tasks',
  run(table, options) {
    const { models, blockNames, scores } = scoreTable(table);
    const result = startResult(friedmanEntry, 'scipy friedmanchisquare; Nemenyi as scikit-posthocs', blockNames.length);
    const friedman = friedmanTest(scores);
    if (!friedman.defined) return undefinedResult(result, 'chi2_F', friedman);
    const nemenyi = nemenyiTest(friedman.meanRanks, friedman.blocks, options.alpha);
    const outcome = { statistic: { name: 'chi2_F', value: friedman.statistic }, pValue: friedman.pValue, effect: { name: "Kendall's W", value: friedman.kendallW } };
    withTestOutcome(result, outcome, {
      degreesOfFreedom: friedman.degreesOfFreedom,
      blocks: friedman.blocks,
      models: friedman.treatments,
      alpha: options.alpha,
      criticalDifference: nemenyi.criticalDifference,
      qAlpha: nemenyi.qAlpha,
    });
    result.tables.push({ title: 'mean ranks (1 = best)', head: ['model', 'mean rank'], rows: models.map((m, j) => [m, friedman.meanRanks[j]]) });
    result.tables.push({
      title: `Nemenyi pairwise comparisons (CD = ${nemenyi.criticalDifference.toFixed(3)} at α = ${options.alpha})`,
      head: ['model A', 'model B', '|Δ mean rank|', 'p', 'significant'],
      rows: nemenyi.comparisons.map((c) => [models[c.a], models[c.b], c.rankDifference, c.pValue, c.significant]),
    });
    return result;
  },
};

function correctionEntry(name: string, title: string, method: string, correct: (p: number[], alpha: number) => CorrectionResult): StatEntry {
  const entry: StatEntry = {
    name,
    title,
    family: 'correction',
    input: 'pValues [+ names, one label per hypothesis]',
    run(table, options) {
      const pValues = table.numbers('pValues');
      const names = table.has('names') ? table.texts('names') : pValues.map((_, i) => String(i + 1));
      table.rowCount(table.has('names') ? ['pValues', 'names'] : ['pValues']);
      pValues.forEach((p, i) => {
        if (p < 0 || p > 1) throw new StatInputError(`${table.source}: pValues row ${i + 1} = ${p} is not a probability in [0, 1]`);
      });
      const corrected = correct(pValues, options.alpha);
      const rejected = corrected.reject.filter(Boolean).length;
      const result = startResult(entry, method, pValues.length);
      result.statistic = { name: 'rejected', value: rejected };
      Object.assign(result.details, { hypotheses: pValues.length, alpha: options.alpha });
      result.tables.push({
        title: 'adjusted p-values (input order)',
        head: ['hypothesis', 'p', 'adjusted p', 'rejected'],
        rows: pValues.map((p, i) => [names[i], p, corrected.adjustedPValues[i], corrected.reject[i]]),
      });
      return result;
    },
  };
  return entry;
}

export const MANY_MODEL_ENTRIES: StatEntry[] = [
  friedmanEntry,
  correctionEntry('holm', "Holm's step-down adjustment (family-wise error)", 'statsmodels multipletests(method="holm")', holmCorrection),
  correctionEntry('bh', 'Benjamini–Hochberg adjustment (false discovery rate)', 'statsmodels multipletests(method="fdr_bh")', benjaminiHochberg),
];
