// `bench compare <runA> <runB> [...]`: every later run against the first, primary metric per task, paired tests
// Holm-corrected across tasks. The logic is benchmarks/analysis/compare-runs.ts; this file reads and prints.
// Exit 0 when every shared task was compared, 2 when a run cannot be read, --model names a model the reference did
// not evaluate, or a shared task is not comparable.
import { Command, Option } from 'commander';
import { Rng } from '../../benchmarks/rng.ts';
import { compareRuns } from '../../benchmarks/analysis/compare-runs.ts';
import { chooseHeadlineModel, type HeadlineModel } from '../../benchmarks/analysis/headline-model.ts';
import type { RunEvidence } from '../../benchmarks/analysis/run-evidence.ts';
import { compareCsv, compareMarkdown, compareNotes, compareTable, type CompareFormat } from '../../reports/compare-table.ts';
import { EXIT, UsageError } from '../exit-codes.ts';
import { renderTable } from '../table.ts';
import { loadRuns, TRACKING_URI_HELP } from './run-reference.ts';

export interface CompareFlags {
  format: CompareFormat;
  alpha: string;
  trackingUri?: string;
  model?: string;
}

/** The model `--model` names (or the default) for runs compared against `reference`; an unknown one is exit 2. */
export function chooseModelFlag(reference: RunEvidence, model: string | undefined): HeadlineModel {
  try {
    return chooseHeadlineModel(reference, model);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export async function compareCommand(paths: string[], flags: CompareFlags): Promise<void> {
  const alpha = Number(flags.alpha);
  if (!(alpha > 0 && alpha < 1)) throw new UsageError(`--alpha must be in (0, 1) (got ${flags.alpha})`);
  if (paths.length < 2) throw new UsageError('compare needs at least two runs');
  const runs = await loadRuns(paths, flags.trackingUri);
  chooseModelFlag(runs[0], flags.model);
  const stats = runs[0].result.spec.stats;
  const rng = new Rng(runs[0].result.spec.seed).fork('compare');
  const outcome = compareRuns(runs, { alpha, confidence: stats.confidence, bootstrap: stats.bootstrap, rng, model: flags.model });
  if (outcome.rows.length === 0) throw new UsageError(`nothing to compare:\n  ${[...outcome.notComparable, ...outcome.skipped].join('\n  ')}`);
  const out = process.stdout;
  if (flags.format === 'json') out.write(`${JSON.stringify(outcome, null, 2)}\n`);
  else if (flags.format === 'md') out.write(compareMarkdown(outcome));
  else out.write(flags.format === 'csv' ? compareCsv(outcome) : renderTable(compareTable(outcome), out));
  // Markdown and JSON carry the notes themselves; beside a table or CSV they go to stderr, off the data.
  if (flags.format === 'table' || flags.format === 'csv') for (const line of compareNotes(outcome)) process.stderr.write(`${line}\n`);
  process.exitCode = outcome.notComparable.length > 0 ? EXIT.badInput : EXIT.ok;
}

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('compare runs against the first: primary metric per task, Δ with CI, paired test p (Holm across tasks)')
    .argument('<runs...>', 'job folders, result.json / baseline bundle files, or MLflow run ids (runs:/<id>); the first is the reference')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'md', 'json', 'csv']).default('table'))
    .option('--alpha <alpha>', 'family-wise significance level for win/loss marks', '0.05')
    .option('--tracking-uri <uri>', TRACKING_URI_HELP)
    .option('--model <id>', 'model to compare, e.g. pretrained:knn (default: the linear probe "pretrained", else the reference spec\'s first protocol)')
    .addHelpText(
      'after',
      '\nExit codes: 0 compared · 2 a run cannot be read, --model is not a model the reference evaluated, or a task both runs\n' +
        'evaluated is not comparable (version, samples, folds)\n' +
        '\nExamples:\n  $ bench compare runs/6784a4fd5dab runs/91c0e2f3a7b4\n  $ bench compare runs/a runs/b runs/c --format md\n' +
        '  $ bench compare runs/a runs/b --model pretrained:fine-tune\n' +
        '  $ bench compare runs:/0123456789abcdef0123456789abcdef runs/91c0e2f3a7b4 --tracking-uri http://mlflow:5000',
    )
    .action(async (paths: string[], flags: CompareFlags) => compareCommand(paths, flags));
}
