// The `bench stats` catalogue: every statistic by name, with a did-you-mean for a misspelt one. Open by design:
// a family is a list of entries; the transferability estimators join through estimatorEntry (estimator-entry.ts).
import { closestMatch, didYouMeanSuffix } from '../../dsl/did-you-mean.ts';
import { ESTIMATORS } from '../transferability/index.ts';
import { estimatorEntry } from './estimator-entry.ts';
import { INTERVAL_ENTRIES } from './interval-entries.ts';
import { MANY_MODEL_ENTRIES } from './many-model-entries.ts';
import { METRIC_ENTRIES } from './metric-entries.ts';
import { PAIRED_TEST_ENTRIES } from './paired-test-entries.ts';
import type { StatEntry, StatOptions, StatResult } from './stat-entry.ts';
import { StatInputError, type StatTable } from './stat-table.ts';

export const STAT_CATALOG: readonly StatEntry[] = [
  ...METRIC_ENTRIES,
  ...INTERVAL_ENTRIES,
  ...PAIRED_TEST_ENTRIES,
  ...MANY_MODEL_ENTRIES,
  ...Object.values(ESTIMATORS).map(estimatorEntry),
];

export function statNames(): string[] {
  return STAT_CATALOG.map((entry) => entry.name);
}

export function getStat(name: string): StatEntry {
  const entry = STAT_CATALOG.find((e) => e.name === name);
  if (entry) return entry;
  const names = statNames();
  throw new StatInputError(`unknown statistic "${name}"${didYouMeanSuffix(closestMatch(name, names))}\n  available: ${names.join(', ')}`);
}

/** Throws unless --method, if given, is one of the entry's variants. */
export function checkMethod(entry: StatEntry, method: string | undefined): void {
  if (method === undefined || (entry.methods ?? []).includes(method)) return;
  const accepted = entry.methods ?? [];
  throw new StatInputError(
    accepted.length === 0
      ? `${entry.name} has no --method variants (got "${method}")`
      : `${entry.name}: unknown --method "${method}"${didYouMeanSuffix(closestMatch(method, accepted))} (accepted: ${accepted.join(', ')})`,
  );
}

/** Runs an entry after checking its --method. */
export function runStat(entry: StatEntry, table: StatTable, options: StatOptions): StatResult {
  checkMethod(entry, options.method);
  return entry.run(table, options);
}
