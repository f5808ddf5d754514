import { describe, it, expect, beforeAll, afterEach } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerGate } from '../../cli/commands/gate.ts';
import { registerCompare } from '../../cli/commands/compare.ts';
import { UsageError } from '../../cli/exit-codes.ts';
import { toBaselineBundle } from '../../reports/baseline-bundle.ts';
import { alternatingLabels, correctExcept, makeRun, range } from './make-run.ts';

const N = 200;
const labels = alternatingLabels(N);
const gates = [{ task: 'kl', metric: 'accuracy', maxDrop: 0.02, alpha: 0.05 }];
let dir = '';

function writeBundle(name: string, wrong: number[], version = 1): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(toBaselineBundle(makeRun(name, [{ id: 'kl', labels, correct: correctExcept(N, wrong), version }], gates))));
  return file;
}

async function bench(register: (program: Command) => void, args: string[]): Promise<{ code: number | undefined; out: string }> {
  const program = new Command().exitOverride();
  register(program);
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => (chunks.push(chunk), true)) as typeof process.stdout.write;
  process.exitCode = undefined;
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    process.stdout.write = write;
  }
  const code = typeof process.exitCode === 'number' ? process.exitCode : undefined;
  return { code, out: chunks.join('') };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gate-cli-'));
});
afterEach(() => {
  process.exitCode = undefined;
});

describe('bench gate', () => {
  it('exits 1 on a truly worse model, with Markdown and a JUnit failure', async () => {
    const junit = join(dir, 'worse.xml');
    const { code, out } = await bench(registerGate, ['gate', '--baseline', writeBundle('base', range(0, 20)), '--current', writeBundle('worse', range(0, 60)), '--junit', junit]);
    expect(code).toBe(1);
    expect(out).toMatch(/❌ bench gate failed/);
    expect(out).toMatch(/\| kl \| accuracy \| 0\.900 \| 0\.700 \| -0\.200/);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/tests="1" failures="1" errors="0"/);
    expect(xml).toMatch(/<testcase classname="bench.gate" name="kl\/accuracy"><failure message="significantly worse/);
  });

  it('exits 0 on noise within the margin (gates from the current spec)', async () => {
    const { code, out } = await bench(registerGate, ['gate', '--baseline', writeBundle('base', range(0, 20)), '--current', writeBundle('noisy', range(2, 23))]);
    expect(code).toBe(0);
    expect(out).toMatch(/✅ bench gate passed/);
  });

  it('exits 2 on non-comparable runs and says why', async () => {
    const junit = join(dir, 'nc.xml');
    const { code, out } = await bench(registerGate, ['gate', '--baseline', writeBundle('base', []), '--current', writeBundle('v2', [], 2), '--junit', junit]);
    expect(code).toBe(2);
    expect(out).toMatch(/not comparable[\s\S]*version 1 in the baseline but 2/);
    expect(readFileSync(junit, 'utf8')).toMatch(/errors="1"/);
  });

  it('takes gates from --gates YAML and rejects a missing run or a bad gates file as usage errors', async () => {
    const yaml = join(dir, 'gates.yaml');
    writeFileSync(yaml, 'gates:\n  - { task: kl, metric: accuracy, maxDrop: 0.5, alpha: 0.000001 }\n');
    const loose = await bench(registerGate, ['gate', '--baseline', writeBundle('base', range(0, 20)), '--current', writeBundle('worse', range(0, 60)), '--gates', yaml]);
    expect(loose.code).toBe(1); // p = 2·0.5⁴⁰ is below even α = 1e-6
    await expect(bench(registerGate, ['gate', '--baseline', join(dir, 'missing'), '--current', writeBundle('x', [])])).rejects.toThrow(UsageError);
    writeFileSync(yaml, 'gates:\n  - { task: kl }\n');
    await expect(bench(registerGate, ['gate', '--baseline', writeBundle('base', []), '--current', writeBundle('x', []), '--gates', yaml])).rejects.toThrow(/metric must be a metric id/);
  });
});

describe('bench compare', () => {
  it('prints JSON rows with deltas and Holm-adjusted p', async () => {
    const { out } = await bench(registerCompare, ['compare', writeBundle('base', range(0, 20)), writeBundle('worse', range(0, 60)), '--format', 'json']);
    const parsed = JSON.parse(out) as { rows: Array<{ task: string; mark: string; delta: number }> };
    expect(parsed.rows).toMatchObject([{ task: 'kl', mark: 'loss', delta: expect.closeTo(-0.2, 12) }]);
  });
});
