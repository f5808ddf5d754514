// The `bench` command line: parses flags, maps errors to exit codes, and composes the layers below.
import { Command, CommanderError } from 'commander';
import pc from 'picocolors';
import { SpecError, formatIssue } from '../dsl/issues.ts';
import { EXIT } from './exit-codes.ts';
import { isInputError } from './input-errors.ts';
import { validateCommand } from './commands/validate.ts';
import { registerDataConvert } from './commands/data-convert.ts';
import { registerDataGenerate } from './commands/data-generate.ts';
import { registerDataPreview } from './commands/data-preview.ts';
import { registerReport } from './commands/report.ts';
import { registerCompare } from './commands/compare.ts';
import { registerGate } from './commands/gate.ts';
import { registerStats } from './commands/stats.ts';
import { registerSelect } from './commands/select.ts';
import { planCommand } from './commands/plan.ts';

const EXAMPLES = `
Examples:
  $ bench run experiments/kl-grading.ts                 run the KL-grading experiment (embedded defaults)
  $ bench run experiments/kl-grading.ts --profile smoke a fast end-to-end check (< 1 min)
  $ bench plan experiments/ema-ablation.yaml            list the jobs of a sweep with ids and cost
  $ bench validate experiments/kl-grading.ts            check a spec; every problem with file:line
  $ bench compare runs/<jobA> runs/<jobB>               primary metrics per task, Δ, CI, Holm-corrected p
  $ bench gate --baseline baselines/kl.json --current runs/<job>   fail CI on a significant regression
  $ bench report runs/<job>                             one self-contained HTML report
  $ bench data preview acl-tear --out acl.png           contact sheet of a task's phantoms, a row per class
  $ bench data generate acl-tear --format dicom --out d  phantoms as a DICOM study tree, usable as data.source
  $ bench stats delong preds.json                       any metric, CI or test on your own data (JSON/CSV)
  $ bench select selection.yaml --out sel               rank select.candidates by transferability estimators

Exit codes: 0 success · 1 a job failed · 2 bad input (spec, file, flag; nothing ran) · 130 interrupted`;

function buildProgram(): Command {
  const program = new Command('bench')
    .description('orthobench: declarative experiments and benchmarks for musculoskeletal imaging foundation models')
    .version(process.env.npm_package_version ?? '0.1.0')
    .addHelpText('after', EXAMPLES)
    .exitOverride()
    .showHelpAfterError();

  program
    .command('validate')
    .description('validate a spec (.ts or .yaml) against schema.json and the semantic rules; runs nothing')
    .argument('<spec>', 'experiment file')
    .option('--profile <name>', 'validate with a named profile applied')
    .addHelpText('after', '\nExample:\n  $ bench validate experiments/kl-grading.ts')
    .action(async (spec: string, opts: { profile?: string }) => validateCommand(spec, opts));

  program
    .command('plan')
    .description('expand a spec (and its sweep grid) into jobs with content-hash ids and a rough cost; runs nothing')
    .argument('<spec>', 'experiment file')
    .option('--profile <name>', 'apply a named profile (e.g. smoke)')
    .option('--out <dir>', 'results store, to show which jobs are already finished', './runs')
    .option('--json', 'print the plan as JSON')
    .addHelpText('after', '\nExamples:\n  $ bench plan experiments/kl-grading.ts\n  $ bench plan experiments/ema-ablation.yaml --json')
    .action(async (spec: string, opts: { profile?: string; out: string; json?: boolean }) => planCommand(spec, opts));

  program
    .command('run')
    .description('run every job of a spec; finished jobs are skipped, interrupted ones resume')
    .argument('<spec>', 'experiment file')
    .option('--profile <name>', 'apply a named profile (e.g. smoke)')
    .option('--out <dir>', 'results store', './runs')
    .option('--tracking <uri>', 'override tracking.uri (a folder for the MLflow file store, or "none")')
    .option('-q, --quiet', 'no progress output')
    .option('--on-collapse <action>', 'warn | stop: what a DINO collapse guard does (overrides pretrain.collapse.action)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ bench run experiments/kl-grading.ts\n  $ bench run experiments/kl-grading.ts --profile smoke --out /tmp/runs --tracking none',
    )
    .action(async (spec: string, opts: { profile?: string; out: string; tracking?: string; quiet?: boolean; onCollapse?: string }) => {
      // Loaded on demand: TensorFlow.js and the runtime are only needed to run, not to validate or plan.
      const { runCommand } = await import('./commands/run.ts');
      await runCommand(spec, opts);
    });
  program
    .command('sync')
    .description('replay MLflow events spooled while the tracking server was unreachable (idempotent)')
    .option('--out <dir>', 'results store whose spool to replay', './runs')
    .option('--tracking <uri>', 'replay into this server instead of the one recorded in the spool')
    .addHelpText('after', '\nExample:\n  $ MLFLOW_TRACKING_TOKEN=… bench sync --out ./runs')
    .action(async (opts: { out: string; tracking?: string }) => {
      const { syncCommand } = await import('./commands/sync.ts');
      await syncCommand(opts);
    });
  program
    .command('tasks')
    .description('list the downstream tasks in the registry (add one with a YAML file in ORTHOBENCH_TASK_DIRS)')
    .option('--json', 'print as JSON')
    .addHelpText('after', '\nExample:\n  $ bench tasks')
    .action(async (opts: { json?: boolean }) => {
      const { tasksCommand } = await import('./commands/tasks.ts');
      await tasksCommand(opts);
    });
  registerDataConvert(program);
  registerDataPreview(program);
  registerDataGenerate(program);
  registerReport(program);
  registerCompare(program);
  registerGate(program);
  registerStats(program);
  registerSelect(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
    return EXIT.badInput;
  }
  if (error instanceof SpecError) {
    process.stderr.write(`${pc.red('invalid spec')}: ${error.issues.length} problem(s)\n`);
    for (const issue of error.issues) process.stderr.write(`  ${formatIssue(issue)}\n`);
    return EXIT.badInput;
  }
  if (isInputError(error)) {
    process.stderr.write(`${pc.red('error')}: ${error.message}\n`);
    return EXIT.badInput;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`${pc.red('failed')}: ${message}\n`);
  return EXIT.failure;
}
