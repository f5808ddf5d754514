import { describe, expect, it } from 'vitest';
import { formatIssue, validateSpec } from '../../dsl/index.ts';
import type { SpecIssue } from '../../dsl/index.ts';
import { loadYamlSpec } from '../../dsl/load-yaml.ts';
import { getSchemaValidator } from '../../dsl/schema.ts';

function issuesOf(yaml: string, knownTasks?: string[]): SpecIssue[] {
  return validateSpec(loadYamlSpec(yaml, 'spec.yaml'), { knownTasks });
}

function only(issues: SpecIssue[]): SpecIssue {
  expect(issues.map(formatIssue)).toHaveLength(1);
  return issues[0];
}

describe('semantic checks on the resolved spec', () => {
  it('accepts a spec that states only its name', () => {
    expect(issuesOf('name: plain')).toEqual([]);
  });

  it('reports a crop larger than the image at the written field, even when the crop size is a default', () => {
    const issue = only(issuesOf('name: x\ndata:\n  imageSize: 48\n'));
    expect(issue).toMatchObject({ path: '/data/imageSize', line: 3, column: 3 });
    expect(issue.message).toBe('global crop size 64 must be <= data.imageSize 48');
  });

  it('reports sizes that are not multiples of the patch size', () => {
    const issues = issuesOf('name: x\ndata: { imageSize: 68 }\npretrain:\n  crops:\n    global: { size: 68 }\n    local: { size: 36 }\n');
    expect(issues.map((i) => [i.path, i.line, i.message])).toEqual([
      ['/data/imageSize', 2, 'data.imageSize 68 is not a multiple of backbone.patchSize 8'],
      ['/pretrain/crops/global/size', 5, 'global crop size 68 is not a multiple of backbone.patchSize 8'],
      ['/pretrain/crops/local/size', 6, 'local crop size 36 is not a multiple of backbone.patchSize 8'],
    ]);
  });

  it('checks crop scale ranges', () => {
    const issues = issuesOf('name: x\npretrain:\n  crops:\n    global: { scale: [0.9, 0.4] }\n    local: { scale: [0, 0.4] }\n');
    expect(issues.map((i) => [i.path, i.line, i.message])).toEqual([
      ['/pretrain/crops/global/scale', 4, 'global crop scale min 0.9 must be <= max 0.4'],
      ['/pretrain/crops/local/scale', 5, 'local crop scale values must lie in (0, 1] (got [0, 0.4])'],
    ]);
  });

  it('reports ema.start > ema.end unless the schedule is constant', () => {
    expect(only(issuesOf('name: x\npretrain:\n  ema: { start: 0.999, end: 0.99 }\n')).message).toBe('ema.start 0.999 must be <= ema.end 0.99');
    expect(issuesOf('name: x\npretrain:\n  ema: { start: 0.999, end: 0.99, schedule: constant }\n')).toEqual([]);
  });

  it('reports duplicated label fractions and an empty list', () => {
    expect(only(issuesOf('name: x\neval:\n  labelFractions: [0.5, 0.5]\n'))).toMatchObject({
      path: '/eval/labelFractions/1', line: 3, message: 'duplicate label fraction 0.5 (also at index 0)',
    });
    expect(only(issuesOf('name: x\neval:\n  labelFractions: []\n')).message).toBe('must list at least one label fraction');
  });

  it('requires an integer number of folds and at most one fold per patient', () => {
    expect(only(issuesOf('name: x\neval: { folds: 2.5 }\n')).message).toBe('expected integer, got number 2.5');
    expect(only(issuesOf('name: x\ndata: { synthetic: { patients: 10 } }\neval: { folds: 12 }\n'))).toMatchObject({
      path: '/eval/folds', line: 3, message: 'eval.folds 12 exceeds data.synthetic.patients 10 (each fold needs its own patients)',
    });
  });

  it('reports unknown task ids with did-you-mean when the registry is given', () => {
    const issue = only(issuesOf('name: x\ntasks: [kl-grade, acl-tear]\n', ['kl-grade', 'acl-tears', 'meniscus']));
    expect(issue).toMatchObject({ path: '/tasks/1', line: 2, suggestion: 'acl-tears' });
    expect(issue.message).toBe('unknown task "acl-tear"; did you mean "acl-tears"? (available: kl-grade, acl-tears, meniscus)');
    expect(issuesOf('name: x\ntasks: [anything]\n')).toEqual([]);
  });

  it('accepts synthetic:<id> and paths as data sources, and nothing else', () => {
    for (const source of ['synthetic:kl-grade', './data/oai', '/abs/manifest.csv', 'C:\\data\\manifest.csv', 'file:///data']) {
      expect(issuesOf(`name: x\ndata: { source: '${source}' }\n`), source).toEqual([]);
    }
    const typo = only(issuesOf('name: x\ndata:\n  source: synthetc:kl-grade\n'));
    expect(typo).toMatchObject({ path: '/data/source', line: 3, suggestion: 'synthetic:kl-grade' });
    expect(typo.message).toContain('must be "synthetic:<task>" or a path');
    expect(only(issuesOf("name: x\ndata: { source: 'synthetic:' }\n")).message).toContain('names no task');
    expect(only(issuesOf("name: x\ndata: { source: 'synthetic:kl-grad' }\n", ['kl-grade'])).suggestion).toBe('synthetic:kl-grade');
  });

  it('needs enough DINO views, and ignores crops when pretraining is off', () => {
    expect(only(issuesOf('name: x\npretrain:\n  crops: { global: { count: 1 }, local: { count: 0 } }\n')).message).toContain('at least 2 crops');
    expect(issuesOf('name: x\ndata: { imageSize: 32 }\npretrain: { method: none }\n')).toEqual([]);
  });

  it('does not repeat a schema problem as a semantic one', () => {
    const issue = only(issuesOf('name: x\npretrain:\n  ema: { start: 1.5 }\n'));
    expect(issue.message).toBe('must be <= 1 (got 1.5)');
  });

  it('points a missing required field at the nearest written parent', () => {
    const issue = only(issuesOf('seed: 1\n'));
    expect(issue).toMatchObject({ path: '/name', line: 1, column: 1, message: 'missing required field "name"' });
  });

  it('rejects a document that is not a mapping', () => {
    expect(only(issuesOf('- a\n- b\n')).message).toBe('a spec must be a mapping of fields, got array');
  });
});

describe('profiles', () => {
  it('validates profile fields with their /profiles/<name>/… path', () => {
    const issue = only(issuesOf('name: x\nprofiles:\n  smoke:\n    pretrain:\n      steps: -1\n'));
    expect(issue).toMatchObject({ path: '/profiles/smoke/pretrain/steps', line: 5, message: 'must be >= 0 (got -1)' });
  });

  it('reports a semantic problem a profile creates at the profile field', () => {
    const yaml = 'name: x\npretrain:\n  crops: { local: { size: 48 } }\nprofiles:\n  small:\n    pretrain:\n      crops: { global: { size: 32 } }\n';
    const issue = only(issuesOf(yaml));
    expect(issue).toMatchObject({ path: '/profiles/small/pretrain/crops/global/size', line: 7 });
    expect(issue.message).toBe('local crop size 48 must be <= global crop size 32');
  });
});

describe('sweeps', () => {
  it('checks keys: unknown segment, group, list field', () => {
    const yaml = 'name: x\nsweep:\n  pretrian.steps: [1]\n  pretrain.ema: [1]\n  eval.labelFractions: [0.5]\n';
    const issues = issuesOf(yaml);
    expect(issues.map((i) => [i.path, i.line])).toEqual([
      ['/sweep/pretrian.steps', 3], ['/sweep/pretrain.ema', 4], ['/sweep/eval.labelFractions', 5],
    ]);
    expect(issues[0].message).toContain('unknown field "pretrian" in settings; did you mean "pretrain"?');
    expect(issues[0].suggestion).toBe('pretrain.steps');
    expect(issues[1].message).toContain('names a group of fields');
    expect(issues[2].message).toContain('is a list field');
  });

  it('checks value lists: empty, repeated, wrong type, bad enum', () => {
    const yaml = 'name: x\nsweep:\n  seed: []\n  pretrain.steps: [10, 10]\n  pretrain.batchSize: [abc]\n  pretrain.ema.schedule: [cosine, cosin]\n';
    const issues = issuesOf(yaml);
    expect(issues.map((i) => [i.path, i.line, i.message])).toEqual([
      ['/sweep/seed', 3, 'sweep list for "seed" is empty; give at least one value'],
      ['/sweep/pretrain.steps/1', 4, 'duplicate value 10 in sweep list for "pretrain.steps" (also at index 0)'],
      ['/sweep/pretrain.batchSize/0', 5, 'pretrain.batchSize = "abc": expected integer, got string "abc"'],
      ['/sweep/pretrain.ema.schedule/1', 6, 'pretrain.ema.schedule = "cosin": expected one of cosine|linear|constant, got "cosin"; did you mean "cosine"?'],
    ]);
  });

  it('validates every grid point and cites the sweep value that breaks it', () => {
    const yaml = 'name: x\nsweep:\n  pretrain.crops.local.size: [16, 32, 96]\n  seed: [1, 2]\n';
    const issues = issuesOf(yaml);
    expect(issues.map((i) => [i.path, i.line, i.column])).toEqual([
      ['/sweep/pretrain.crops.local.size/2', 3, 39],
      ['/sweep/pretrain.crops.local.size/2', 3, 39],
    ]);
    expect(issues.map((i) => i.message).sort()).toEqual([
      'with pretrain.crops.local.size = 96: local crop size 96 must be <= data.imageSize 64',
      'with pretrain.crops.local.size = 96: local crop size 96 must be <= global crop size 64',
    ]);
  });

  it('names the profile when only a profile makes a grid point invalid', () => {
    const yaml = 'name: x\nsweep:\n  pretrain.crops.local.size: [16, 48]\nprofiles:\n  smoke: { pretrain: { crops: { global: { size: 32 } } } }\n';
    const issue = only(issuesOf(yaml));
    expect(issue.path).toBe('/sweep/pretrain.crops.local.size/1');
    expect(issue.message).toBe('with pretrain.crops.local.size = 48 in profile "smoke": local crop size 48 must be <= global crop size 32');
  });
});

describe('robustness on malformed documents', () => {
  it('reports rather than crashes on values no YAML can hold', () => {
    const loaded = { file: 'spec.ts', format: 'ts' as const, raw: { name: 'x', seed: () => 1, data: { imageSize: new Date(0) } }, locate: () => undefined };
    expect(validateSpec(loaded).map((i) => [i.path, i.message])).toEqual([
      ['/data/imageSize', 'expected integer, got object'],
      ['/seed', 'expected integer, got function'],
    ]);
  });

  it('reports rather than crashes when a sweep key runs into a broken group or a value is not a scalar', () => {
    const issues = issuesOf('name: x\npretrain: 5\nsweep:\n  pretrain.steps: [1, 2]\n  seed: [1, {a: 1}]\n');
    expect(issues.map((i) => [i.path, i.line, i.message])).toEqual([
      ['/pretrain', 2, 'expected object, got number 5'],
      ['/sweep/seed/1', 5, 'expected number, string or boolean, got object'],
    ]);
  });
});

describe('schema compilation', () => {
  // (validation speed is not timed here: timed tests flake on a loaded machine; ajv compiling the schema once is
  // what keeps repeated validation cheap)
  it('compiles schema.json once and reuses the validator for every spec', () => {
    const loaded = loadYamlSpec('name: x\nsweep:\n  seed: [1, 2, 3, 4]\n  pretrain.ema.start: [0.99, 0.996]\nprofiles:\n  smoke: { pretrain: { steps: 5 } }\n', 'spec.yaml');
    const validator = getSchemaValidator();
    validateSpec(loaded);
    validateSpec(loaded);
    expect(getSchemaValidator()).toBe(validator);
  });

  it('reports a task without a phantom under a synthetic data source, at the task, with the task file\'s own source', () => {
    const taskSources = { 'kl-grade': 'synthetic:kl-grade', 'my-kl': 'scans/manifest.csv' };
    const check = (yaml: string) => validateSpec(loadYamlSpec(yaml, 'spec.yaml'), { knownTasks: Object.keys(taskSources), taskSources });
    const issue = only(check('name: x\ntasks: [kl-grade, my-kl]\n'));
    expect(issue).toMatchObject({ path: '/tasks/1', line: 2 });
    expect(issue.message).toBe('task "my-kl" has no synthetic phantom, but data.source is "synthetic:kl-grade", which gives every task its own phantom: set data.source to the task\'s dataset (its task file names "scans/manifest.csv")');
    expect(only(check('name: x\ntasks: [my-kl]\ndata: { source: "synthetic:kl-grade" }\n'))).toMatchObject({ path: '/tasks/0', line: 2 });
    expect(check('name: x\ntasks: [my-kl]\ndata: { source: scans/manifest.csv }\n')).toEqual([]);
  });
});
