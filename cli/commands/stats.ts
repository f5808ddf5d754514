// `bench stats <name> <file>`: runs one statistic of the catalogue (benchmarks/stats-catalog/) on the user's
// data and prints it. Bad input (unknown name, missing column, bad cell, bad flag) exits 2 with the location.
import { Command, Option } from 'commander';
import { checkMethod, getStat, runStat } from '../../benchmarks/stats-catalog/catalog.ts';
import type { StatEntry, StatOptions, StatResult } from '../../benchmarks/stats-catalog/stat-entry.ts';
import { StatInputError } from '../../benchmarks/stats-catalog/stat-table.ts';
import { EXIT, UsageError } from '../exit-codes.ts';
import { renderTable } from '../table.ts';
import { statsHelpText } from './stats-help.ts';
import { readStatTable } from './stats-input.ts';
import { statJson, statTables } from './stats-output.ts';

export interface StatsFlags {
  alpha: string;
  confidence: string;
  resamples: string;
  seed: string;
  method?: string;
  threshold?: string;
  margin: string;
  metric?: string;
  alternative: StatOptions['alternative'];
  classes?: string;
  json?: boolean;
}

function numberFlag(flag: string, text: string, valid: (value: number) => boolean, expected: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !valid(value)) throw new UsageError(`--${flag} must be ${expected} (got ${text})`);
  return value;
}

export function parseStatOptions(flags: StatsFlags): StatOptions {
  const inUnit = (v: number) => v > 0 && v < 1;
  return {
    alpha: numberFlag('alpha', flags.alpha, inUnit, 'in (0, 1)'),
    confidence: numberFlag('confidence', flags.confidence, inUnit, 'in (0, 1)'),
    resamples: numberFlag('resamples', flags.resamples, (v) => Number.isInteger(v) && v >= 1, 'a positive integer'),
    seed: numberFlag('seed', flags.seed, (v) => Number.isInteger(v) && v >= 0 && v < 2 ** 32, 'an integer in [0, 2³²)'),
    method: flags.method,
    threshold: flags.threshold === undefined ? undefined : numberFlag('threshold', flags.threshold, () => true, 'a number'),
    margin: numberFlag('margin', flags.margin, (v) => v >= 0, 'a number ≥ 0'),
    metric: flags.metric,
    alternative: flags.alternative,
    classes: flags.classes === undefined ? undefined : numberFlag('classes', flags.classes, (v) => Number.isInteger(v) && v >= 2, 'an integer ≥ 2'),
  };
}

/** Runs the entry, turning data problems into exit-2 errors that name the file and what the entry reads. */
function runOnFile(entry: StatEntry, file: string, options: StatOptions): StatResult {
  const table = readStatTable(file);
  try {
    return runStat(entry, table, options);
  } catch (error) {
    // Argument checks of the metrics and tests throw RangeError: here that is always the user's data or flags.
    if (error instanceof StatInputError || error instanceof RangeError) {
      const located = error.message.startsWith(file) ? error.message : `${file}: ${error.message}`;
      throw new UsageError(`${located}\n  ${entry.name} reads: ${entry.input}`);
    }
    throw error;
  }
}

export async function statsCommand(name: string, file: string, flags: StatsFlags): Promise<void> {
  const options = parseStatOptions(flags);
  let entry: StatEntry;
  try {
    entry = getStat(name);
    checkMethod(entry, options.method);
  } catch (error) {
    if (error instanceof StatInputError) throw new UsageError(error.message);
    throw error;
  }
  const result = runOnFile(entry, file, options);
  const out = process.stdout;
  if (flags.json) out.write(statJson(result, file, options));
  else for (const table of statTables(result, file)) out.write(renderTable(table, out));
  process.exitCode = EXIT.ok;
}

export function registerStats(program: Command): void {
  program
    .command('stats')
    .description('run one metric, interval, test or correction on your own data (JSON or CSV); see the list below')
    .argument('<name>', 'statistic, e.g. auroc, bootstrap-ci, delong, mcnemar, non-inferiority, holm')
    .argument('<file>', 'data file: a JSON object of columns, or a CSV with a header')
    .option('--alpha <alpha>', 'significance level (non-inferiority: one-sided; friedman-nemenyi, holm, bh)', '0.05')
    .option('--confidence <level>', 'confidence level of intervals', '0.95')
    .option('--resamples <B>', 'bootstrap resamples', '2000')
    .option('--seed <n>', 'seed of the bootstrap draws', '0')
    .option('--method <variant>', 'variant of the statistic (listed per statistic below)')
    .option('--threshold <t>', 'score threshold: sensitivity-specificity, and predictions derived from binary scores (default 0.5)')
    .option('--margin <m>', 'non-inferiority margin in metric units', '0.02')
    .option('--metric <name>', 'metric of bootstrap-ci / non-inferiority (default: auroc with scores, else accuracy, else mean)')
    .addOption(new Option('--alternative <h1>', 'alternative hypothesis of paired-t / wilcoxon').choices(['two-sided', 'less', 'greater']).default('two-sided'))
    .option('--classes <k>', 'number of classes, when the labels do not show them all')
    .option('--json', 'print machine-readable JSON')
    .addHelpText('after', statsHelpText())
    .action(async (name: string, file: string, flags: StatsFlags) => statsCommand(name, file, flags));
}
