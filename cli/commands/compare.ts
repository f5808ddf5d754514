// `bench compare <runA> <runB> [...]`: every later run against the first, primary metric per task, paired tests
// Holm-corrected across tasks. The logic is benchmarks/analysis/compare-runs.ts; this file reads and prints.
import { Command, Option } from 'commander';
import { Rng } from '../../benchmarks/rng.ts';
import { compareRuns } from '../../benchmarks/analysis/compare-runs.ts';
import { compareCsv, compareMarkdown, compareTable, type CompareFormat } from '../../reports/compare-table.ts';
import { loadRunEvidence, RunLoadError } from '../../reports/load-run.ts';
import { EXIT, UsageError } from '../exit-codes.ts';
import { renderTable } from '../table.ts';

export interface CompareFlags {
  format: CompareFormat;
  alpha: string;
}

export async function compareCommand(paths: string[], flags: CompareFlags): Promise<void> {
  const alpha = Number(flags.alpha);
  if (!(alpha > 0 && alpha < 1)) throw new UsageError(`--alpha must be in (0, 1) (got ${flags.alpha})`);
  if (paths.length < 2) throw new UsageError('compare needs at least two runs');
  let runs;
  try {
    runs = paths.map(loadRunEvidence);
  } catch (error) {
    if (error instanceof RunLoadError) throw new UsageError(error.message);
    throw error;
  }
  const stats = runs[0].result.spec.stats;
  const outcome = compareRuns(runs, { alpha, confidence: stats.confidence, bootstrap: stats.bootstrap, rng: new Rng(runs[0].result.spec.seed).fork('compare') });
  if (outcome.rows.length === 0) throw new UsageError(`nothing to compare:\n  ${outcome.skipped.join('\n  ')}`);
  const out = process.stdout;
  if (flags.format === 'json') out.write(`${JSON.stringify(outcome, null, 2)}\n`);
  else if (flags.format === 'csv') out.write(compareCsv(outcome));
  else if (flags.format === 'md') out.write(compareMarkdown(outcome));
  else {
    out.write(renderTable(compareTable(outcome), out));
    for (const s of outcome.skipped) process.stderr.write(`not compared: ${s}\n`);
  }
  process.exitCode = EXIT.ok;
}

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('compare runs against the first: primary metric per task, Δ with CI, paired test p (Holm across tasks)')
    .argument('<runs...>', 'job folders or result.json / baseline bundle files; the first is the reference')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'md', 'json', 'csv']).default('table'))
    .option('--alpha <alpha>', 'family-wise significance level for win/loss marks', '0.05')
    .addHelpText('after', '\nExamples:\n  $ bench compare runs/6784a4fd5dab runs/91c0e2f3a7b4\n  $ bench compare runs/a runs/b runs/c --format md')
    .action(async (paths: string[], flags: CompareFlags) => compareCommand(paths, flags));
}
