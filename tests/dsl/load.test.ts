import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecFile, SpecError } from '../../dsl/index.ts';
import type { SpecIssue } from '../../dsl/index.ts';

const SPECS = join(import.meta.dirname, '..', 'fixtures', 'specs');
const scratch = mkdtempSync(join(tmpdir(), 'orthobench-dsl-'));

async function loadIssues(path: string): Promise<SpecIssue[]> {
  try {
    await loadSpecFile(path);
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).exitCode).toBe(2);
    return (error as SpecError).issues;
  }
  throw new Error(`${path} loaded without error`);
}

describe('loadSpecFile', () => {
  it('loads YAML with the raw document and names the file relative to the working directory', async () => {
    const loaded = await loadSpecFile(join(SPECS, 'valid.yaml'));
    expect(loaded.format).toBe('yaml');
    expect(loaded.file).toBe(join('tests', 'fixtures', 'specs', 'valid.yaml'));
    expect(loaded.raw).toMatchObject({ name: 'kl-ablation', seed: 7, sweep: { 'pretrain.ema.start': [0.99, 0.996] } });
  });

  it('locates YAML keys, flow elements, and fields reached through a merge key', async () => {
    const loaded = await loadSpecFile(join(SPECS, 'valid.yaml'));
    expect(loaded.locate('')).toEqual({ line: 2, column: 1 });
    expect(loaded.locate('/pretrain/ema/start')).toEqual({ line: 13, column: 10 });
    expect(loaded.locate('/eval/labelFractions/2')).toEqual({ line: 17, column: 32 });
    expect(loaded.locate('/sweep/pretrain.crops.local.size/1')).toEqual({ line: 20, column: 35 });
    expect(loaded.locate('/profiles/smoke/pretrain/crops/global/size')).toEqual({ line: 11, column: 25 });
    expect(loaded.locate('/profiles/smoke/pretrain/crops/local')).toEqual({ line: 28, column: 9 });
    expect(loaded.locate('/pretrain/ema/end')).toBeUndefined();
    expect((loaded.raw as { profiles: { smoke: { pretrain: { crops: object } } } }).profiles.smoke.pretrain.crops).toEqual({
      global: { count: 2, size: 64, scale: [0.4, 1.0] },
      local: { count: 2, size: 16 },
    });
  });

  it('loads a TS spec through tsx and locates fields through consts, shorthands and spreads', async () => {
    const loaded = await loadSpecFile(join(SPECS, 'valid.ts'));
    expect(loaded.format).toBe('ts');
    expect(loaded.raw).toMatchObject({ name: 'kl-ablation', pretrain: { crops: { local: { count: 6, size: 32 } } } });
    expect(loaded.locate('')).toEqual({ line: 10, column: 33 });
    expect(loaded.locate('/seed')).toEqual({ line: 13, column: 3 });
    expect(loaded.locate('/pretrain/crops')).toEqual({ line: 17, column: 5 });
    expect(loaded.locate('/pretrain/crops/global/scale/1')).toEqual({ line: 6, column: 46 });
    expect(loaded.locate('/sweep/pretrain.ema.start/1')).toEqual({ line: 23, column: 34 });
    expect(loaded.locate('/profiles/smoke/pretrain/crops/global')).toEqual({ line: 6, column: 3 });
    expect(loaded.locate('/profiles/smoke/pretrain/crops/local/size')).toEqual({ line: 28, column: 81 });
    expect(loaded.locate('/pretrain/ema/end')).toBeUndefined();
  });

  it('follows `export default <const>` and unwraps `as const` when locating TS fields', async () => {
    const path = join(scratch, 'by-name.ts');
    writeFileSync(path, "const spec = {\n  name: 'x',\n  eval: { folds: 3 },\n} as const;\nexport default spec;\n");
    const loaded = await loadSpecFile(path);
    expect(loaded.raw).toEqual({ name: 'x', eval: { folds: 3 } });
    expect(loaded.locate('/eval/folds')).toEqual({ line: 3, column: 11 });
  });

  it('reports YAML syntax errors with line and column', async () => {
    const issues = await loadIssues(join(SPECS, 'syntax-error.yaml'));
    expect(issues[0]).toMatchObject({ line: 4, column: 3, path: '' });
    expect(issues[0].message).toContain('YAML syntax error: Map keys must be unique');
    expect(issues.length).toBe(2);
  });

  it('reports TS syntax errors with line and column, before importing', async () => {
    const path = join(scratch, 'syntax.ts');
    writeFileSync(path, 'export default {\n  name: "x",\n  seed: 1 2,\n};\n');
    const issues = await loadIssues(path);
    expect(issues[0]).toMatchObject({ file: path, line: 3, column: 11 });
    expect(issues[0].message).toContain("TypeScript syntax error: ',' expected.");
  });

  it('names the file when the default export is missing, and wraps import failures', async () => {
    const missing = await loadIssues(join(SPECS, 'no-default.ts'));
    expect(missing[0].file).toBe(join('tests', 'fixtures', 'specs', 'no-default.ts'));
    expect(missing[0].message).toContain('no default export');
    const path = join(scratch, 'throws.ts');
    writeFileSync(path, 'throw new Error("boom");\nexport default {};\n');
    expect((await loadIssues(path))[0].message).toBe('could not import the spec module: boom');
  });

  it('rejects a missing file and an unsupported extension clearly', async () => {
    expect((await loadIssues(join(scratch, 'nope.yaml')))[0].message).toBe('spec file not found');
    const path = join(scratch, 'spec.toml');
    writeFileSync(path, 'name = "x"\n');
    expect((await loadIssues(path))[0].message).toBe('unsupported spec extension ".toml" (supported: .yaml, .yml, .json, .ts, .mts)');
  });
});
