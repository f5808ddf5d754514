// What a catalogue entry of `bench stats` is (a named statistic run on a table of named columns) and the one
// result shape every entry returns, so the terminal table and the --json output are written once.
import type { Alternative } from '../stats/hypothesis.ts';
import type { Degenerate } from '../stats/degenerate.ts';
import type { StatTable } from './stat-table.ts';

export type StatFamily = 'metric' | 'interval' | 'test' | 'correction' | 'estimator';

/** The command-line options every entry may read; each entry documents which. */
export interface StatOptions {
  alpha: number;
  confidence: number;
  resamples: number;
  seed: number;
  /** Variant of the entry (one of its `methods`); undefined selects the entry's first. */
  method?: string;
  threshold?: number;
  margin: number;
  /** Metric bootstrapped by bootstrap-ci and compared by non-inferiority. */
  metric?: string;
  alternative: Alternative;
  /** Number of classes, when the labels do not show them all. */
  classes?: number;
}

export type Cell = number | string | boolean | null;

export interface ResultTable {
  title: string;
  head: string[];
  rows: Cell[][];
}

export interface StatResult {
  /** Catalogue name, e.g. "mcnemar". */
  name: string;
  title: string;
  /** The variant that ran, e.g. "mcnemar-exact" or "sklearn roc_auc_score (one-vs-rest macro)". */
  method: string;
  /** Samples (rows) the statistic used. */
  n: number;
  /** The headline number (a metric's value, a test's statistic); value null when the input cannot define it. */
  statistic?: { name: string; value: number | null };
  pValue?: number;
  ci?: { lower: number; upper: number; confidence: number; method: string };
  effect?: { name: string; value: number; ci?: [number, number] };
  details: Record<string, Cell>;
  tables: ResultTable[];
  /** Caveats and reasons, one sentence each (e.g. why a value is undefined). */
  notes: string[];
}

export interface StatEntry {
  name: string;
  title: string;
  family: StatFamily;
  /** The columns it reads, as shown in --help and appended to input errors. */
  input: string;
  /** Accepted --method values; the first is the default. */
  methods?: readonly string[];
  run(table: StatTable, options: StatOptions): StatResult;
}

/** A result skeleton: name, title and method filled, everything else empty. */
export function startResult(entry: Pick<StatEntry, 'name' | 'title'>, method: string, n: number): StatResult {
  return { name: entry.name, title: entry.title, method, n, details: {}, tables: [], notes: [] };
}

/** What a test reports: its statistic and p-value, and where it has them an interval and an effect size. */
export type TestOutcome = Required<Pick<StatResult, 'statistic' | 'pValue'>> & Pick<StatResult, 'ci' | 'effect'>;

/** A test's outcome and details written into a started result, keys in the order --json lists them. */
export function withTestOutcome(result: StatResult, outcome: TestOutcome, details: Record<string, Cell>): StatResult {
  result.statistic = outcome.statistic;
  result.pValue = outcome.pValue;
  if (outcome.ci) result.ci = outcome.ci;
  if (outcome.effect) result.effect = outcome.effect;
  Object.assign(result.details, details);
  return result;
}

/** The statistic left null, with the reason the data cannot define it. */
export function undefinedResult(result: StatResult, statisticName: string, why: Degenerate): StatResult {
  return { ...result, statistic: { name: statisticName, value: null }, notes: [...result.notes, `undefined (${why.reason}): ${why.detail}`] };
}

/** The method the user chose, or the entry's default. */
export function methodOf(entry: Pick<StatEntry, 'methods'>, options: StatOptions): string {
  return options.method ?? entry.methods?.[0] ?? '';
}
