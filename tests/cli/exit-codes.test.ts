// The CLI's contract with scripts: exit 2 and file:line messages for a bad spec (nothing runs), 0 for help.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BENCH = join(import.meta.dirname, '..', '..', 'bin', 'bench.js');
const execFileAsync = promisify(execFile);

async function bench(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [BENCH, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('bench exit codes', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'orthobench-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 2 with file:line and no stack for a bad task file in ORTHOBENCH_TASK_DIRS', async () => {
    const tasks = join(dir, 'tasks');
    await mkdir(tasks, { recursive: true });
    const meniscus = await readFile(join(import.meta.dirname, '..', '..', 'benchmarks', 'tasks', 'defs', 'meniscus-tear.yaml'), 'utf8');
    await writeFile(join(tasks, 'meniscus-tear-b.yaml'), meniscus
      .replace('id: meniscus-tear', 'id: meniscus-tear-b').replace('synthetic:meniscus-tear', 'synthetic:meniscus-tear-b')
      .replace('truncation: [0.5, 0.8]', 'truncation: [0.5, 1.8]'));
    const result = await bench(['tasks'], dir, { ORTHOBENCH_TASK_DIRS: tasks });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/meniscus-tear-b\.yaml:\d+:\d+ +\/phantom\/signs\/truncation\/1 +must be <= 1 \(got 1\.8\)/);
    expect(result.stderr).not.toContain('    at ');
  });

  it('exits 2 before any work when a task without a phantom meets a synthetic data source (the default)', async () => {
    const tasks = join(dir, 'user-tasks');
    await mkdir(tasks, { recursive: true });
    const kl = await readFile(join(import.meta.dirname, '..', '..', 'benchmarks', 'tasks', 'defs', 'kl-grade.yaml'), 'utf8');
    await writeFile(join(tasks, 'my-kl.yaml'), `${kl.split('\nphantom:')[0].replace('id: kl-grade', 'id: my-kl').replace('source: synthetic:kl-grade', 'source: scans/manifest.csv')}\n`);
    const spec = join(dir, 'my-kl.yaml');
    await writeFile(spec, 'name: my-kl\ntasks: [my-kl]\n');
    const out = join(dir, 'runs-my-kl');
    const result = await bench(['run', spec, '--out', out, '--tracking', 'none'], dir, { ORTHOBENCH_TASK_DIRS: tasks });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/my-kl\.yaml:2:\d+ +\/tasks\/0 +task "my-kl" has no synthetic phantom, but data\.source is "synthetic:kl-grade"/);
    expect(result.stderr).toContain('its task file names "scans/manifest.csv"');
    expect(result.stderr).not.toContain('    at ');
    await expect(readdir(out)).rejects.toThrow();
  });

  it('exits 2 with file:line for every problem of a bad YAML spec, and runs nothing', async () => {
    const spec = join(dir, 'bad.yaml');
    await writeFile(
      spec,
      ['name: bad', 'pretrain:', '  ema:', '    strat: 0.99', '  crops:', '    local: { size: 96 }', 'eval:', '  folds: 1', ''].join('\n'),
    );
    const result = await bench(['run', spec, '--out', join(dir, 'runs'), '--tracking', 'none'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad\.yaml:4:\d+/);
    expect(result.stderr).toContain('did you mean "start"');
    expect(result.stderr).toMatch(/bad\.yaml:8:\d+/);
    expect(result.stderr).toMatch(/bad\.yaml:6:\d+/);
    await expect(readdir(join(dir, 'runs'))).rejects.toThrow();
  });

  it('exits 2 for a bad manifest, naming file:line:col of each problem, and marks nothing finished', async () => {
    await writeFile(join(dir, 'bad-manifest.csv'), 'path,label,patientId,modality\nmissing.png,7,p1,xray\n');
    const spec = join(dir, 'manifest-spec.yaml');
    await writeFile(spec, `name: m\ndata: { source: ${join(dir, 'bad-manifest.csv')} }\n`);
    const result = await bench(['run', spec, '--out', join(dir, 'runs-m'), '--tracking', 'none', '-q'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad-manifest\.csv:2:1 +image file not found/);
    expect(result.stderr).toMatch(/bad-manifest\.csv:2:13 +label 7 is not in the label set/);
    expect(result.stderr).not.toContain('    at ');
    const [job] = await readdir(join(dir, 'runs-m'));
    await expect(readdir(join(dir, 'runs-m', job))).resolves.not.toContain('result.json');
  });

  it('exits 2 for an unsupported tracking URI, without a stack trace', async () => {
    const result = await bench(
      ['run', join(import.meta.dirname, '..', '..', 'experiments', 'kl-grading.ts'), '--profile', 'smoke', '--tracking', 'sqlite:///x.db', '--out', join(dir, 'runs-t')],
      dir,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("scheme 'sqlite:' is not supported");
    expect(result.stderr).not.toContain('    at ');
  });

  it('exits 2 for a missing spec file, naming it', async () => {
    const result = await bench(['validate', join(dir, 'nope.yaml')], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('nope.yaml');
  });

  it('prints help with examples and exits 0', async () => {
    const result = await bench(['--help'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Examples:');
    expect(result.stdout).toContain('bench run experiments/kl-grading.ts');
  });

  it('plans the shipped experiment without running it', async () => {
    const result = await bench(['plan', join(import.meta.dirname, '..', '..', 'experiments', 'kl-grading.ts'), '--out', join(dir, 'runs')], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/[0-9a-f]{12}/);
    expect(result.stdout).toContain('new');
  });
});
