// Registers `bench select`; the runtime (TensorFlow.js) is imported only when the command runs.
import type { Command } from 'commander';
import type { SelectOptions } from './select-run.ts';

const HELP = `
Ranks the backbones listed in the spec's select.candidates by transferability to select.task (default: the first
task): each candidate's frozen CLS features on the task's images are scored by every estimator in select.estimators
(LogME, NLEEP, SFDA, PARC, PED, ITM), ranked per estimator, and aggregated by mean rank. With select.measure
linear-probe (the default) each candidate is also probed under the spec's patient-grouped cross-validation, and
Kendall's τ-b between every ranking and the measured one is reported.

Candidates: { name, preset?, patchSize?, init? } with init "random" (seeded by seed and name), a checkpoint path
written by orthobench (runs/<job>/pretrain/teacher.safetensors) or "job:<spec>[?profile=<name>]" (that spec's
finished job in --runs).

Examples:
  $ bench select selection.yaml --profile smoke
  $ bench select selection.yaml --out reports/selection --json > selection.json`;

export function registerSelect(program: Command): void {
  program
    .command('select')
    .description('rank candidate backbones for a task by transferability estimators, checked against a linear probe')
    .argument('<spec>', 'experiment file with a select section')
    .option('--profile <name>', 'apply a named profile (e.g. smoke)')
    .option('--out <dir>', 'write select-report.md and select-result.json here')
    .option('--runs <dir>', 'results store holding the jobs that "job:" candidates name', './runs')
    .option('--tracking <uri>', 'override tracking.uri (a folder for the MLflow file store, an http(s) server, or "none")')
    .option('--json', 'print the result as JSON instead of tables')
    .option('-q, --quiet', 'no progress output')
    .addHelpText('after', HELP)
    .action(async (spec: string, flags: SelectOptions) => {
      const { selectCommand } = await import('./select-run.ts');
      await selectCommand(spec, flags);
    });
}
