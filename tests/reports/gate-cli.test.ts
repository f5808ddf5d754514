import { describe, it, expect, beforeAll, afterEach } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerGate } from '../../cli/commands/gate.ts';
import { registerCompare } from '../../cli/commands/compare.ts';
import { UsageError } from '../../cli/exit-codes.ts';
import { toBaselineBundle } from '../../reports/baseline-bundle.ts';
import { alternatingLabels, correctExcept, makeRun, range, type MadeTask } from './make-run.ts';
import { bench } from './gate-cli-harness.ts';

const N = 200;
const labels = alternatingLabels(N);
const gates = [{ task: 'kl', metric: 'accuracy', maxDrop: 0.02, alpha: 0.05 }];
let dir = '';

function writeBundle(name: string, wrong: number[], version = 1): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(toBaselineBundle(makeRun(name, [{ id: 'kl', labels, correct: correctExcept(N, wrong), version }], gates))));
  return file;
}

function writeMade(name: string, tasks: MadeTask[], gateList = gates, edit?: (run: ReturnType<typeof makeRun>) => void): string {
  const run = makeRun(name, tasks, gateList);
  edit?.(run);
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(toBaselineBundle(run)));
  return file;
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

describe('bench gate on a degenerate metric', () => {
  // One class only: AUROC is undefined (NaN) in both runs, so the gate cannot pass.
  const singleClass = Array.from({ length: 40 }, () => 0);
  const aurocGate = [{ task: 'kl', metric: 'auroc', maxDrop: 0.05, alpha: 0.05 }];

  it('fails (exit 1) when the gated metric is NaN, saying why in Markdown and JUnit', async () => {
    const base = writeMade('nan-base', [{ id: 'kl', labels: singleClass, correct: correctExcept(40, [1]) }], aurocGate);
    const cur = writeMade('nan-cur', [{ id: 'kl', labels: singleClass, correct: correctExcept(40, [2]) }], aurocGate);
    const junit = join(dir, 'nan.xml');
    const { code, out } = await bench(registerGate, ['gate', '--baseline', base, '--current', cur, '--junit', junit]);
    expect(code).toBe(1);
    expect(out).toMatch(/❌ bench gate failed/);
    expect(out).toMatch(/\| kl \| auroc \| NaN \| NaN \| NaN \[NaN, NaN\] \| delong-paired \| NaN \|/);
    expect(out).toMatch(/\*\*FAIL\*\*: cannot be checked: auroc is undefined on the pooled predictions of the baseline and the current run/);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/tests="1" failures="1" errors="0"/);
    expect(xml).toMatch(/<failure message="cannot be checked: auroc is undefined/);
  });

  it('fails when the metric is defined but its paired test is not (DeLong needs two positives)', async () => {
    const onePositive = singleClass.map((_, i) => (i === 0 ? 1 : 0));
    const scores = (shift: number) => onePositive.map((_, i) => ((i * 7 + shift) % 40) / 40);
    const base = writeMade('one-pos-base', [{ id: 'kl', labels: onePositive, correct: correctExcept(40, []), scores: scores(0) }], aurocGate);
    const cur = writeMade('one-pos-cur', [{ id: 'kl', labels: onePositive, correct: correctExcept(40, []), scores: scores(3) }], aurocGate);
    const { code, out } = await bench(registerGate, ['gate', '--baseline', base, '--current', cur]);
    expect(code).toBe(1);
    expect(out).toMatch(/FAIL\*\*: cannot be checked: DeLong's test is undefined: 1 positives and 39 negatives/);
  });
});

describe('bench gate input checks', () => {
  it('exits 2 when the folds differ, and refuses an unknown gated metric as bad input', async () => {
    const base = writeMade('folds-base', [{ id: 'kl', labels, correct: correctExcept(N, []) }]);
    const swapped = writeMade('folds-cur', [{ id: 'kl', labels, correct: correctExcept(N, []) }], gates, (run) => {
      run.tasks.kl.foldTests.reverse();
    });
    const { code, out } = await bench(registerGate, ['gate', '--baseline', base, '--current', swapped]);
    expect(code).toBe(2);
    expect(out).toMatch(/runs not comparable[\s\S]*task "kl" used different folds/);
    const yaml = join(dir, 'typo.yaml');
    writeFileSync(yaml, 'gates:\n  - { task: kl, metric: acuracy, maxDrop: 0.02, alpha: 0.05 }\n');
    await expect(bench(registerGate, ['gate', '--baseline', base, '--current', base, '--gates', yaml])).rejects.toThrow(/gates\[0\] \(kl\): unknown metric "acuracy" \(available: accuracy,/);
  });
});

describe('bench compare', () => {
  it('prints JSON rows with deltas and Holm-adjusted p', async () => {
    const { code, out } = await bench(registerCompare, ['compare', writeBundle('base', range(0, 20)), writeBundle('worse', range(0, 60)), '--format', 'json']);
    expect(code).toBe(0);
    const parsed = JSON.parse(out) as { rows: Array<{ task: string; mark: string; delta: number }>; notComparable: string[] };
    expect(parsed.rows).toMatchObject([{ task: 'kl', mark: 'loss', delta: expect.closeTo(-0.2, 12) }]);
    expect(parsed.notComparable).toEqual([]);
  });

  it('exits 2 saying why when a shared task is not comparable, in every format, after printing what was compared', async () => {
    const two = (version: number) => [
      { id: 'kl', labels, correct: correctExcept(N, range(0, 20)) },
      { id: 'oa', labels, correct: correctExcept(N, []), version },
    ];
    const ref = writeMade('two-ref', two(1));
    const bumped = writeMade('two-v2', two(2));
    const why = /task "oa" has version 1 in the baseline but 2 in the current run/;
    const md = await bench(registerCompare, ['compare', ref, bumped, '--format', 'md']);
    expect(md.code).toBe(2);
    expect(md.out).toMatch(/\| kl \|/);
    expect(md.out).toMatch(new RegExp(`- not comparable: two-v2 vs two-ref: ${why.source}`));
    const csv = await bench(registerCompare, ['compare', ref, bumped, '--format', 'csv']);
    expect(csv.code).toBe(2);
    expect(csv.out.trim().split('\n')).toHaveLength(2);
    expect(csv.err).toMatch(why);
    const json = await bench(registerCompare, ['compare', ref, bumped, '--format', 'json']);
    expect(json.code).toBe(2);
    expect((JSON.parse(json.out) as { notComparable: string[] }).notComparable[0]).toMatch(why);
    const table = await bench(registerCompare, ['compare', ref, bumped]);
    expect(table.code).toBe(2);
    expect(table.err).toMatch(why);
  });

  it('refuses (exit 2) runs with nothing comparable', async () => {
    await expect(bench(registerCompare, ['compare', writeBundle('base', []), writeBundle('v2', [], 2)])).rejects.toThrow(/nothing to compare:[\s\S]*version 1 in the baseline but 2/);
  });
});
