// The spec's select section: defaults, validation errors placed at file:line with did-you-mean, and the rule that
// select never changes a job's identity (editing candidates must not invalidate finished `bench run` jobs).
import { describe, expect, it } from 'vitest';
import { listTasks } from '../../benchmarks/tasks/registry.ts';
import { loadYamlSpec } from '../../dsl/load-yaml.ts';
import { planJobs } from '../../dsl/plan.ts';
import { resolveSpec } from '../../dsl/resolve.ts';
import { validateSpec } from '../../dsl/validate.ts';

const KNOWN_TASKS = listTasks().map((t) => t.id);

function issuesOf(lines: string[]) {
  return validateSpec(loadYamlSpec(`${lines.join('\n')}\n`, 'sel.yaml'), { knownTasks: KNOWN_TASKS });
}

describe('select defaults', () => {
  it('has no candidates, all six estimators, the first task and a linear-probe check', () => {
    const { select } = resolveSpec({ name: 'x' });
    expect(select).toEqual({ candidates: [], estimators: ['logme', 'nleep', 'sfda', 'parc', 'ped', 'itm'], task: '', measure: 'linear-probe' });
  });

  it('keeps candidates as written (their missing fields come from the backbone when bench select loads them)', () => {
    const { select } = resolveSpec({ name: 'x', select: { candidates: [{ name: 'a' }, { name: 'b', preset: 'nano' }] } });
    expect(select.candidates).toEqual([{ name: 'a' }, { name: 'b', preset: 'nano' }]);
  });
});

describe('select validation', () => {
  it('names an unknown estimator with a did-you-mean, at its line', () => {
    const issues = issuesOf(['name: s', 'select:', '  estimators: [logme, nleap]']);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: '/select/estimators/1', line: 3, suggestion: 'nleep' });
    expect(issues[0].message).toContain('did you mean "nleep"');
  });

  it('reports repeated names, a misspelt job: scheme, an unknown task and patches that do not tile the images', () => {
    const issues = issuesOf([
      'name: s',
      'data: { imageSize: 64 }',
      'select:',
      '  task: acl-tare',
      '  candidates:',
      '    - { name: a }',
      '    - { name: a, init: "jbo:other.yaml" }',
      '    - { name: c, patchSize: 6 }',
    ]);
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i]));
    expect(byPath['/select/task']).toMatchObject({ line: 4, suggestion: 'acl-tear' });
    expect(byPath['/select/candidates/1/name']).toMatchObject({ line: 7, message: 'duplicate candidate name "a" (also at index 0)' });
    expect(byPath['/select/candidates/1/init']).toMatchObject({ line: 7, suggestion: 'job:other.yaml' });
    expect(byPath['/select/candidates/2/patchSize'].message).toBe("data.imageSize 64 is not a multiple of this candidate's patch size 6");
    expect(issues).toHaveLength(4);
  });

  it('rejects a candidate name that cannot be an MLflow key segment', () => {
    const issues = issuesOf(['name: s', 'select:', '  candidates: [{ name: "a:b" }]']);
    expect(issues[0]).toMatchObject({ path: '/select/candidates/0/name', line: 3 });
  });

  it('places a problem a profile introduces in that profile', () => {
    const issues = issuesOf(['name: s', 'profiles:', '  smoke:', '    select:', '      candidates: [{ name: a }, { name: a }]']);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: '/profiles/smoke/select/candidates/1/name', line: 5 });
  });

  it('accepts random, checkpoint and job candidates', () => {
    const issues = issuesOf([
      'name: s',
      'select:',
      '  candidates:',
      '    - { name: a }',
      '    - { name: b, init: runs/abc/pretrain/teacher.safetensors }',
      '    - { name: c, init: "job:experiments/kl-grading.ts?profile=smoke" }',
    ]);
    expect(issues).toEqual([]);
  });
});

describe('select and job identity', () => {
  it('leaves the job id unchanged', () => {
    const base = planJobs({ name: 'ids' })[0].id;
    const withSelect = planJobs({ name: 'ids', select: { candidates: [{ name: 'a' }, { name: 'b' }], estimators: ['logme'], measure: 'none' } })[0];
    expect(withSelect.id).toBe(base);
    expect(withSelect.spec.select.estimators).toEqual(['logme']);
  });
});
