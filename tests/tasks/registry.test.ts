import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { formatTaskList } from '../../benchmarks/tasks/format-task-list.ts';
import {
  configureTaskRegistry, getTask, listTasks, loadTaskDefinitions, TASK_DIRS_ENV, tryGetTask,
} from '../../benchmarks/tasks/registry.ts';
import { TaskRegistryError } from '../../benchmarks/tasks/task-issues.ts';

const IDS = [
  'kl-grade', 'kl-grade-4y', 'kl-grade-8y', 'tkr', 'acl-tear', 'pcl-tear', 'mcl-tear', 'meniscus-tear', 'cartilage-lesion',
  'bone-contusion', 'hip-labrum-tear', 'shoulder-cuff-tear', 'ankle-atfl-tear', 'ankle-cfl-tear',
];

const created: string[] = [];
afterAll(() => created.forEach((d) => rmSync(d, { recursive: true, force: true })));
afterEach(() => {
  delete process.env[TASK_DIRS_ENV];
  configureTaskRegistry();
});

function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'orthobench-tasks-'));
  created.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** A valid knee-MRI task; `replace` swaps exact lines to break one field at a time. */
function lclTask(id = 'lcl-tear', replace: Record<string, string> = {}): string {
  const lines = [
    `id: ${id}`,
    'version: 1',
    'title: LCL tear (knee MRI)',
    'modality: mri',
    'anatomy: knee',
    'labels: [intact, tear]',
    'output: binary',
    'primaryMetric: auroc',
    'metrics:',
    '  - { id: auroc, higherIsBetter: true }',
    'unit: exam',
    `source: synthetic:${id}`,
    'phantom:',
    '  generator: knee-mri',
    '  prevalence: [0.9, 0.1]',
    '  labelNoise: 0.1',
    '  imagesPerPatient: 6',
    '  sites: 2',
    '  planes: { coronal: 0.7, sagittal: 0.3 }',
    '  signs:',
    '    finding: lcl-tear',
    '    thickening: [1.5, 2.5]',
  ];
  return lines.map((l) => replace[l] ?? l).join('\n') + '\n';
}

function issuesOf(dir: string): string[] {
  try {
    loadTaskDefinitions([dir]);
  } catch (error) {
    if (error instanceof TaskRegistryError) return error.message.split('\n').slice(1);
    throw error;
  }
  return [];
}

describe('built-in task registry', () => {
  it('loads the 14 OrthoFoundation tasks from defs/*.yaml', () => {
    expect(listTasks().map((t) => t.id).sort()).toEqual([...IDS].sort());
    // Display order: X-ray knee first, then knee MRI, then the other joints.
    expect(listTasks().slice(0, 4).map((t) => t.id)).toEqual(['kl-grade', 'kl-grade-4y', 'kl-grade-8y', 'tkr']);
    for (const task of listTasks()) {
      expect(task.phantom, task.id).toBeDefined();
      expect(task.source).toBe(`synthetic:${task.id}`);
      expect(task.metrics.map((m) => m.id)).toContain(task.primaryMetric);
      if (task.output === 'binary') expect(task.primaryMetric, task.id).toBe('auroc');
      expect(task.unit).toBe(task.modality === 'mri' ? 'exam' : 'image');
    }
  });

  it('keeps the KL grade task as it was when it was a TypeScript constant', () => {
    const { file, phantom, ...kl } = getTask('kl-grade');
    expect(file).toMatch(/defs[\\/]kl-grade\.yaml$/);
    expect(phantom?.generator).toBe('knee-radiograph');
    expect(kl).toEqual({
      id: 'kl-grade',
      version: 1,
      title: 'Kellgren–Lawrence grade (knee radiograph)',
      modality: 'xray',
      anatomy: 'knee',
      labels: ['KL0', 'KL1', 'KL2', 'KL3', 'KL4'],
      output: 'ordinal',
      primaryMetric: 'accuracy',
      metrics: [
        { id: 'accuracy', higherIsBetter: true },
        { id: 'macro-f1', higherIsBetter: true },
        { id: 'quadratic-kappa', higherIsBetter: true },
      ],
      unit: 'image',
      source: 'synthetic:kl-grade',
    });
  });

  it('answers unknown ids with a did-you-mean and the list', () => {
    expect(tryGetTask('acl-tera')).toBeUndefined();
    expect(() => getTask('acl-tera')).toThrow(/unknown task "acl-tera"; did you mean "acl-tear"\? \(available: kl-grade, kl-grade-4y/);
    expect(() => getTask('xyz')).toThrow(/unknown task "xyz" \(available: .*ankle-cfl-tear/);
  });

  it('formats the `bench tasks` rows', () => {
    const table = formatTaskList();
    expect(table.title).toBe('14 tasks');
    expect(table.head.slice(0, 3)).toEqual(['id', 'v', 'title']);
    expect(table.rows).toHaveLength(14);
    const acl = table.rows.find((r) => r[0] === 'acl-tear');
    expect(acl).toEqual(['acl-tear', '1', 'ACL tear (knee MRI)', 'mri', 'knee', 'binary', '2', 'auroc', 'exam', '20%', '5%']);
    expect(table.rows[0][9]).toBe('39% / 18% / 26% / 13% / 4%');
  });
});

describe('task files from an extra folder', () => {
  it('adds a task with no code change (environment variable)', () => {
    process.env[TASK_DIRS_ENV] = folderWith({ 'lcl-tear.yaml': lclTask() });
    expect(listTasks()).toHaveLength(15);
    expect(getTask('lcl-tear').phantom?.signs.finding).toBe('lcl-tear');
  });

  it('adds a task through configureTaskRegistry', () => {
    configureTaskRegistry({ extraDirs: [folderWith({ 'lcl-tear.yml': lclTask() })] });
    expect(tryGetTask('lcl-tear')?.title).toBe('LCL tear (knee MRI)');
    configureTaskRegistry();
    expect(tryGetTask('lcl-tear')).toBeUndefined();
  });

  it('rejects a second definition of a built-in id, naming both files', () => {
    const dir = folderWith({ 'kl-grade.yaml': lclTask('kl-grade') });
    process.env[TASK_DIRS_ENV] = dir;
    expect(() => listTasks()).toThrow(/kl-grade\.yaml {2}\/id {2}task "kl-grade" is already defined in .*defs[\\/]kl-grade\.yaml/);
  });

  it('names a missing extra folder', () => {
    process.env[TASK_DIRS_ENV] = join(tmpdir(), 'no-such-orthobench-folder');
    expect(() => listTasks()).toThrow(/no-such-orthobench-folder {2}\/ {2}task folder not found/);
  });
});

describe('task file validation (file:line:column  field  message)', () => {
  it('accepts the valid example', () => {
    expect(issuesOf(folderWith({ 'lcl-tear.yaml': lclTask() }))).toEqual([]);
  });

  it('points at an out-of-range value', () => {
    const [issue] = issuesOf(folderWith({ 'lcl-tear.yaml': lclTask('lcl-tear', { '  labelNoise: 0.1': '  labelNoise: 0.7' }) }));
    expect(issue).toMatch(/lcl-tear\.yaml:16:3 {2}\/phantom\/labelNoise {2}must be <= 0\.5 \(got 0\.7\)$/);
  });

  it('suggests the key a misspelt one meant', () => {
    const issues = issuesOf(folderWith({ 'lcl-tear.yaml': lclTask('lcl-tear', { 'primaryMetric: auroc': 'primaryMetrc: auroc' }) }));
    // The suggestion makes "missing required field primaryMetric" redundant, so it is not reported.
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/lcl-tear\.yaml:8:1 {2}\/primaryMetrc {2}unknown key "primaryMetrc"; did you mean "primaryMetric"\?/);
  });

  it('checks a metric id against the known metrics, with did-you-mean', () => {
    const issues = issuesOf(folderWith({ 'lcl-tear.yaml': lclTask('lcl-tear', { '  - { id: auroc, higherIsBetter: true }': '  - { id: aurco, higherIsBetter: true }' }) }));
    expect(issues.join('\n')).toMatch(/\/metrics\/0\/id {2}expected one of auroc\|accuracy\|macro-f1\|quadratic-kappa\|balanced-accuracy, got "aurco"; did you mean "auroc"\?/);
  });

  it('checks cross-field rules: prevalence per label, primary metric listed, id = file name', () => {
    const text = lclTask('lcl-tear', { '  prevalence: [0.9, 0.1]': '  prevalence: [0.8, 0.1, 0.1]', 'primaryMetric: auroc': 'primaryMetric: accuracy' });
    const issues = issuesOf(folderWith({ 'lcl.yaml': text })).join('\n');
    expect(issues).toMatch(/lcl\.yaml:1:1 {2}\/id {2}must match the file name "lcl" \(got "lcl-tear"\)/);
    expect(issues).toMatch(/lcl\.yaml:8:1 {2}\/primaryMetric {2}"accuracy" is not listed in metrics \(auroc\)/);
    expect(issues).toMatch(/lcl\.yaml:15:3 {2}\/phantom\/prevalence {2}needs one share per label \(2\), got 3/);
  });

  it("checks sign parameters against the generator's own schema", () => {
    const typo = issuesOf(folderWith({ 'lcl-tear.yaml': lclTask('lcl-tear', { '    thickening: [1.5, 2.5]': '    thikening: [1.5, 2.5]' }) }));
    expect(typo[0]).toMatch(/lcl-tear\.yaml:22:5 {2}\/phantom\/signs\/thikening {2}unknown key "thikening"; did you mean "thickening"\? \(allowed: finding, /);
    const reversed = issuesOf(folderWith({ 'lcl-tear.yaml': lclTask('lcl-tear', { '    thickening: [1.5, 2.5]': '    thickening: [2.5, 1.5]' }) }));
    expect(reversed[0]).toMatch(/:22:5 {2}\/phantom\/signs\/thickening {2}a \[min, max\] range needs min ≤ max \(got \[2\.5, 1\.5\]\)/);
    const wrongJoint = issuesOf(folderWith({ 'lcl-tear.yaml': lclTask('lcl-tear', { '    finding: lcl-tear': '    finding: cuff-tear' }) }));
    expect(wrongJoint[0]).toMatch(/:21:5 {2}\/phantom\/signs\/finding {2}expected one of acl-tear\|.*lcl-tear.*, got "cuff-tear"/);
  });

  it('reports YAML syntax errors with their position', () => {
    const [issue] = issuesOf(folderWith({ 'lcl-tear.yaml': lclTask('lcl-tear', { 'anatomy: knee': 'anatomy: [knee' }) }));
    expect(issue).toMatch(/lcl-tear\.yaml:\d+:\d+ {2}\/ {2}YAML syntax error/);
  });

  it('collects the problems of every file before failing', () => {
    const dir = folderWith({
      'a.yaml': lclTask('a', { 'version: 1': 'version: 0' }),
      'b.yaml': lclTask('b', { 'unit: exam': 'unit: study' }),
    });
    const issues = issuesOf(dir);
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatch(/a\.yaml:2:1 {2}\/version {2}must be >= 1/);
    expect(issues[1]).toMatch(/b\.yaml:11:1 {2}\/unit {2}expected one of image\|exam, got "study"/);
  });
});
