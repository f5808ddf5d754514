// `bench data preview <task>`: a contact sheet PNG with a row per class, sized from the flags; help shows examples.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { registerDataPreview } from '../../cli/commands/data-preview.ts';
import { UsageError } from '../../cli/exit-codes.ts';
import { readGrayPng } from '../../runtime/data/png.ts';

const scratch = mkdtempSync(join(tmpdir(), 'orthobench-preview-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function bench(...args: string[]): Promise<string> {
  const program = new Command('bench').exitOverride();
  registerDataPreview(program);
  let out = '';
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stdout.write;
  try {
    program.configureOutput({ writeOut: (s) => (out += s) });
    program.commands.forEach((c) => c.configureOutput({ writeOut: (s) => (out += s) }).commands.forEach((d) => d.exitOverride().configureOutput({ writeOut: (s) => (out += s) })));
    await program.parseAsync(['node', 'bench', 'data', 'preview', ...args]);
  } catch (error) {
    if ((error as { code?: string }).code !== 'commander.helpDisplayed') throw error;
  } finally {
    process.stdout.write = write;
  }
  return out;
}

describe('bench data preview', () => {
  it('writes a row per class: 2 rows × 3 tiles of 16 px with 2 px gutters', async () => {
    const out = join(scratch, 'acl.png');
    expect(await bench('acl-tear', '--out', out, '--per-class', '3', '--size', '16', '--seed', '2')).toContain(`wrote ${out} (56×38: rows intact, tear)`);
    const sheet = readGrayPng(out);
    expect([sheet.width, sheet.height]).toEqual([3 * 16 + 4 * 2, 2 * 16 + 3 * 2]);
  });

  it('magnifies with --tile and names an unknown task with a did-you-mean', async () => {
    const out = join(scratch, 'kl.png');
    await bench('kl-grade', '--out', out, '--per-class', '1', '--size', '16', '--tile', '32');
    expect(readGrayPng(out).height).toBe(5 * 32 + 6 * 2);
    await expect(bench('kl-grad', '--out', out)).rejects.toThrow(UsageError);
    await expect(bench('kl-grad', '--out', out)).rejects.toThrow(/did you mean "kl-grade"/);
  });

  it('shows examples in its help', async () => {
    expect(await bench('--help')).toContain('$ bench data preview acl-tear --out acl.png --tile 128');
  });
});
