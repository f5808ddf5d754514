// `bench gate`: the CI regression check. Exit 0 when every gate passes, 1 when one fails, 2 when the runs
// cannot be compared or the input is bad. The verdict is benchmarks/analysis/gate-verdict.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import type { GateSpec } from '../../dsl/types.ts';
import { Rng } from '../../benchmarks/rng.ts';
import { evaluateGates } from '../../benchmarks/analysis/gate-verdict.ts';
import { parseGateList } from '../../benchmarks/analysis/gate-list.ts';
import type { RunEvidence } from '../../benchmarks/analysis/run-evidence.ts';
import { toBaselineBundle } from '../../reports/baseline-bundle.ts';
import { gateJunit, gateMarkdown } from '../../reports/gate-summary.ts';
import { loadRunEvidence, RunLoadError } from '../../reports/load-run.ts';
import { EXIT, UsageError } from '../exit-codes.ts';

export interface GateFlags {
  baseline?: string;
  current?: string;
  gates?: string;
  junit?: string;
  exportBaseline?: string;
}

function load(path: string): RunEvidence {
  try {
    return loadRunEvidence(path);
  } catch (error) {
    if (error instanceof RunLoadError) throw new UsageError(error.message);
    throw error;
  }
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
    writeFileSync(flags.exportBaseline, JSON.stringify(toBaselineBundle(load(flags.current))));
    process.stdout.write(`baseline bundle written to ${flags.exportBaseline}\n`);
    process.exitCode = EXIT.ok;
    return;
  }
  if (!flags.baseline || !flags.current) throw new UsageError('bench gate needs --baseline <run|bundle.json> and --current <run>');
  const baseline = load(flags.baseline);
  const current = load(flags.current);
  const gates = flags.gates ? readGates(flags.gates) : (current.result.spec.gates ?? []);
  if (gates.length === 0) throw new UsageError(`no gates: add \`gates: [{task, metric, maxDrop, alpha}]\` to the spec of ${flags.current} or pass --gates <file>`);
  const stats = current.result.spec.stats;
  const verdict = evaluateGates(baseline, current, gates, { confidence: stats.confidence, bootstrap: stats.bootstrap, rng: new Rng(current.result.spec.seed).fork('gate') });
  process.stdout.write(gateMarkdown(verdict, flags.baseline, flags.current));
  if (flags.junit) writeFileSync(flags.junit, gateJunit(verdict));
  if (verdict.kind === 'not-comparable') process.exitCode = EXIT.badInput;
  else process.exitCode = verdict.passed ? EXIT.ok : EXIT.failure;
}

export function registerGate(program: Command): void {
  program
    .command('gate')
    .description('fail (exit 1) when a gated metric is significantly worse than the baseline or drops beyond maxDrop')
    .option('--baseline <run>', 'baseline job folder, result.json, or baseline bundle (see --export-baseline)')
    .option('--current <run>', 'the run under test (job folder or result.json)')
    .option('--gates <file>', 'YAML/JSON with `gates: [{task, metric, maxDrop, alpha}]` (default: the current spec\'s gates)')
    .option('--junit <file>', 'write JUnit XML (one test case per gate)')
    .option('--export-baseline <file>', 'write --current as a self-contained baseline bundle (result + labels + predictions) and exit')
    .addHelpText(
      'after',
      '\nExit codes: 0 all gates pass · 1 a gate failed · 2 bad input or runs not comparable\n' +
        '\nExamples:\n  $ bench gate --current runs/6784a4fd5dab --export-baseline baselines/kl.json\n' +
        '  $ bench gate --baseline baselines/kl.json --current runs/91c0e2f3a7b4 --junit gate.xml',
    )
    .action(async (flags: GateFlags) => gateCommand(flags));
}
