// `bench data convert` as a commander subcommand: flags reach the conversion, bad input becomes a UsageError
// (exit 2) that names the file, and an existing `data` command is reused.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { parseWindowFlag, registerDataConvert } from '../../cli/commands/data-convert.ts';
import { UsageError } from '../../cli/exit-codes.ts';
import { readGrayPng } from '../../runtime/data/png.ts';
import { readDicom } from '../../runtime/dicom/index.ts';
import { fixturePath } from './dicom-reference.ts';

const scratch = mkdtempSync(join(tmpdir(), 'orthobench-dicom-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function program(): Command {
  const bench = new Command('bench').exitOverride();
  registerDataConvert(bench);
  return bench;
}

async function run(...args: string[]): Promise<void> {
  await program().parseAsync(['node', 'bench', 'data', 'convert', ...args, '--quiet']);
}

describe('bench data convert', () => {
  it('converts with a window given as center,width', async () => {
    const out = join(scratch, 'windowed.png');
    await run(fixturePath('u12-mono2.dcm'), out, '--window', '1000,3000');
    const expected = readDicom(fixturePath('u12-mono2.dcm')).toDisplay(0, { center: 1000, width: 3000 });
    const png = readGrayPng(out);
    expected.forEach((v, i) => expect(Math.abs(png.pixels[i] - v)).toBeLessThanOrEqual(0.5 / 65535 + 1e-6));
  });

  it('writes .npy with --raw', async () => {
    await run(fixturePath('s16-rescale.dcm'), join(scratch, 'raw.npy'), '--raw');
    expect(existsSync(join(scratch, 'raw.npy'))).toBe(true);
  });

  it('turns a bad file or flag into a UsageError naming it', async () => {
    await expect(run(join(scratch, 'missing.dcm'), join(scratch, 'x.png'))).rejects.toThrow(UsageError);
    await expect(run(join(scratch, 'missing.dcm'), join(scratch, 'x.png'))).rejects.toThrow(/missing\.dcm: file or folder not found/);
    await expect(run(fixturePath('bad-jpeg-extended-12bit.dcm'), join(scratch, 'x.png'))).rejects.toThrow(/bad-jpeg-extended-12bit\.dcm: unsupported transfer syntax/);
    await expect(run(fixturePath('u8-mono2.dcm'), join(scratch, 'x.png'), '--raw')).rejects.toThrow(UsageError);
  });

  it('parses --window strictly', () => {
    expect(parseWindowFlag('40,400')).toEqual({ center: 40, width: 400 });
    expect(parseWindowFlag(' -600 , 1500 ')).toEqual({ center: -600, width: 1500 });
    for (const bad of ['40', '40,', 'a,b', '40,0.5', '1,2,3']) expect(() => parseWindowFlag(bad)).toThrow(UsageError);
  });

  it('adds convert under an existing data command', () => {
    const bench = new Command('bench');
    bench.command('data').command('preview');
    registerDataConvert(bench);
    const data = bench.commands.filter((c) => c.name() === 'data');
    expect(data).toHaveLength(1);
    expect(data[0].commands.map((c) => c.name()).sort()).toEqual(['convert', 'preview']);
  });
});
