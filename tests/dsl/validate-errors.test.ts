import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue, loadSpecFile, validateSpec } from '../../dsl/index.ts';
import { readExpectations } from './expectation-markers.ts';

const SPECS = join(import.meta.dirname, '..', 'fixtures', 'specs');

describe.each(['broken.yaml', 'broken.ts'])('every error kind in %s', (name) => {
  const path = join(SPECS, name);

  it('is reported at once, each at the marked line with file and column', async () => {
    const loaded = await loadSpecFile(path);
    const issues = validateSpec(loaded);
    const expectations = readExpectations(path);
    expect(expectations.length).toBeGreaterThanOrEqual(10);
    for (const expected of expectations) {
      const issue = issues.find((i) => i.path === expected.path);
      expect(issue, `no issue at ${expected.path}; got:\n${issues.map(formatIssue).join('\n')}`).toBeDefined();
      expect(issue!.file).toBe(loaded.file);
      expect(issue!.file.endsWith(name)).toBe(true);
      expect(issue!.line, formatIssue(issue!)).toBe(expected.line);
      expect(issue!.column).toBeGreaterThanOrEqual(1);
      expect(issue!.message).toContain(expected.messageFragment);
    }
    expect(issues.map(formatIssue)).toHaveLength(expectations.length); // nothing reported twice or spuriously
  });

  it('sorts issues in file order and carries did-you-mean suggestions', async () => {
    const issues = validateSpec(await loadSpecFile(path));
    const lines = issues.map((i) => i.line ?? Infinity);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(issues.find((i) => i.path === '/pretrain/ema/strat')?.suggestion).toBe('start');
    expect(issues.find((i) => i.path === '/pretrain/ema/schedule')?.suggestion).toBe('cosine');
    expect(issues.find((i) => i.path === '/sweep/pretrain.ema.strt')?.suggestion).toBe('pretrain.ema.start');
  });
});

describe('valid fixtures', () => {
  it.each(['valid.yaml', 'valid.ts'])('%s has no issues', async (name) => {
    const issues = validateSpec(await loadSpecFile(join(SPECS, name)), { knownTasks: ['kl-grade'] });
    expect(issues.map(formatIssue)).toEqual([]);
  });
});
