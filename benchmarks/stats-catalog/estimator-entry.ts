// Adapter that turns a transferability estimator (features N×D and labels in, one score out: LogME, NLEEP,
// SFDA, PARC, PED, ITM; benchmarks/transferability/) into a catalogue entry, one per registered estimator.
import { startResult, type StatEntry } from './stat-entry.ts';
import { StatInputError } from './stat-table.ts';

/** The shape of benchmarks/transferability's registry entries; higher scores predict better transfer. */
export interface FeatureEstimator {
  id: string;
  title: string;
  paper: string;
  score(features: number[][], labels: readonly number[], options?: { seed?: number }): number;
}

export function estimatorEntry(estimator: FeatureEstimator): StatEntry {
  const entry: StatEntry = {
    name: estimator.id,
    title: `${estimator.title} (${estimator.paper})`,
    family: 'estimator',
    input: 'features (JSON: one array per sample; CSV: columns f0 … fD−1) + labels; --seed for the randomised ones',
    run(table, options) {
      table.rowCount(['features', 'labels']);
      const features = table.vectors('features');
      const labels = table.classIndices('labels');
      if (features[0].length === 0) throw new StatInputError(`${table.source}: "features" rows are empty`);
      const result = startResult(entry, `${estimator.id} (${estimator.paper}), higher is better`, labels.length);
      result.statistic = { name: estimator.id, value: estimator.score(features, labels, { seed: options.seed }) };
      Object.assign(result.details, { dimensions: features[0].length, classes: new Set(labels).size, seed: options.seed });
      return result;
    },
  };
  return entry;
}
