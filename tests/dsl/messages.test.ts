import { describe, expect, it } from 'vitest';
import { formatIssue, SpecError } from '../../dsl/index.ts';
import { closestMatch, editDistance } from '../../dsl/did-you-mean.ts';

describe('did-you-mean', () => {
  it('computes edit distance with adjacent swaps costing 1', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3); // the textbook Levenshtein example
    expect(editDistance('strat', 'start')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests only plausible typos', () => {
    expect(closestMatch('stpes', ['seed', 'steps', 'batchSize'])).toBe('steps');
    expect(closestMatch('imagesize', ['imageSize', 'source'])).toBe('imageSize');
    expect(closestMatch('resolution', ['seed', 'steps'])).toBeUndefined();
  });
});

describe('formatIssue and SpecError', () => {
  it('prints file:line:col, the pointer and the message', () => {
    expect(formatIssue({ file: 'experiments/kl.yaml', line: 14, column: 7, path: '/pretrain/ema/start', message: 'must be <= 1 (got 1.2)' }))
      .toBe('experiments/kl.yaml:14:7  /pretrain/ema/start  must be <= 1 (got 1.2)');
    expect(formatIssue({ file: 'kl.ts', path: '', message: 'spec file not found' })).toBe('kl.ts  /  spec file not found');
  });

  it('carries every issue and exit code 2', () => {
    const error = new SpecError([
      { file: 'a.yaml', line: 1, column: 1, path: '/seed', message: 'expected integer, got number 1.5' },
      { file: 'a.yaml', line: 2, column: 3, path: '/eval/folds', message: 'must be >= 2 (got 1)' },
    ]);
    expect(error.name).toBe('SpecError');
    expect(error.exitCode).toBe(2);
    expect(error.issues).toHaveLength(2);
    expect(error.message).toBe('2 problems in experiment spec:\na.yaml:1:1  /seed  expected integer, got number 1.5\na.yaml:2:3  /eval/folds  must be >= 2 (got 1)');
  });
});
