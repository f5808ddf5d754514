// `bench gate`: the CI regression check. Exit 0 when every gate passes, 1 when one fails (or cannot be checked:
// an undefined metric), 2 when the runs cannot be compared or the input is bad (an unknown --model too). The verdict is
// benchmarks/analysis/gate-verdict.ts; runs are folders, bundles or MLflow run ids (run-reference.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import type { GateSpec } from '../../dsl/types.ts';
import { Rng } from '../../benchmarks/rng.ts';
import { evaluateGates } from '../../benchmarks/analysis/gate-verdict.ts';
import { checkGateMetrics, parseGateList } from '../../benchmarks/analysis/gate-list.ts';
import { toBaselineBundle } from '../../reports/baseline-bundle.ts';
import { describeHeadline } from '../../reports/compare-table.ts';
import { gateJunit, gateMarkdown } from '../../reports/gate-summary.ts';
import { EXIT, UsageError } from '../exit-codes.ts';
import { chooseModelFlag } from './compare.ts';
import { loadRuns, TRACKING_URI_HELP } from './run-reference.ts';

export interface GateFlags {
  baseline?: string;
  current?: string;
  gates?: string;
  junit?: string;
  exportBaseline?: string;
  trackingUri?: string;
  model?: string;
}

function readGates(file: string): GateSpec[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${file}: cannot read gates file (${(error as Error).message})`);
  }
  try {
    return parseGateList(parseYaml(text), file);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export async function gateCommand(flags: GateFlags): Promise<void> {
  if (flags.exportBaseline) {
    if (!flags.current) throw new UsageError('--export-baseline <file> needs --current <run> (the run to freeze)');
    const [current] = await loadRuns([flags.current], flags.trackingUri);
    writeFileSync(flags.exportBaseline, JSON.stringify(toBaselineBundle(current)));
    process.stdout.write(`baseline bundle written to ${flags.exportBaseline}\n`);
    process.exitCode = EXIT.ok;
    return;
  }
  if (!flags.baseline || !flags.current) throw new UsageError('bench gate needs --baseline <run|bundle.json|run id> and --current <run>');
  const [baseline, current] = await loadRuns([flags.baseline, flags.current], flags.trackingUri);
  const gates = flags.gates ? readGates(flags.gates) : (current.result.spec.gates ?? []);
  if (gates.length === 0) throw new UsageError(`no gates: add \`gates: [{task, metric, maxDrop, alpha}]\` to the spec of ${flags.current} or pass --gates <file>`);
  try {
    checkGateMetrics(gates, flags.gates ?? `the spec of ${flags.current}`);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const headline = chooseModelFlag(baseline, flags.model);
  const stats = current.result.spec.stats;
  const rng = new Rng(current.result.spec.seed).fork('gate');
  const verdict = evaluateGates(baseline, current, gates, { confidence: stats.confidence, bootstrap: stats.bootstrap, rng, model: flags.model });
  const fractions = verdict.kind === 'checked' ? verdict.outcomes.map((o) => o.headline.fraction) : [];
  process.stdout.write(`${gateMarkdown(verdict, flags.baseline, flags.current)}model gated: ${describeHeadline(headline, fractions)}\n`);
  if (flags.junit) writeFileSync(flags.junit, gateJunit(verdict));
  if (verdict.kind === 'not-comparable') process.exitCode = EXIT.badInput;
  else process.exitCode = verdict.passed ? EXIT.ok : EXIT.failure;
}

export function registerGate(program: Command): void {
  program
    .command('gate')
    .description('fail (exit 1) when a gated metric is significantly worse than the baseline or drops beyond maxDrop')
    .option('--baseline <run>', 'baseline job folder, result.json, baseline bundle (see --export-baseline), or MLflow run id (runs:/<id>)')
    .option('--current <run>', 'the run under test (job folder, result.json, or MLflow run id)')
    .option('--gates <file>', 'YAML/JSON with `gates: [{task, metric, maxDrop, alpha}]` (default: the current spec\'s gates)')
    .option('--junit <file>', 'write JUnit XML (one test case per gate)')
    .option('--export-baseline <file>', 'write --current as a self-contained baseline bundle (result + labels + predictions) and exit')
    .option('--tracking-uri <uri>', TRACKING_URI_HELP)
    .option('--model <id>', 'model to gate, e.g. pretrained:knn (default: the linear probe "pretrained", else the baseline spec\'s first protocol)')
    .addHelpText(
      'after',
      '\nExit codes: 0 all gates pass · 1 a gate failed or could not be checked (undefined metric) · 2 bad input, unknown run id or\n' +
        '--model, or runs not comparable\n' +
        '\nExamples:\n  $ bench gate --current runs/6784a4fd5dab --export-baseline baselines/kl.json\n' +
        '  $ bench gate --baseline baselines/kl.json --current runs/91c0e2f3a7b4 --junit gate.xml\n' +
        '  $ bench gate --baseline runs:/0123456789abcdef0123456789abcdef --current runs/91c0e2f3a7b4 --tracking-uri http://mlflow:5000',
    )
    .action(async (flags: GateFlags) => gateCommand(flags));
}
