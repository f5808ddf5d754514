// The legend under a comparisons table: one line per distinct test, in first-use order, each naming what it is.
import { describe, expect, it } from 'vitest';
import { testLegend } from '../../reports/test-descriptions.ts';

const comparison = (test: string) => ({ test }) as never;

describe('testLegend', () => {
  it('lists each test once, in the order the table uses them', () => {
    const lines = testLegend({ comparisons: [comparison('paired-bootstrap'), comparison('mcnemar-exact'), comparison('paired-bootstrap')] });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^paired-bootstrap: a paired bootstrap resampling patients .*two-sided p = 2·min.*Davison & Hinkley 1997/);
    expect(lines[1]).toMatch(/^mcnemar-exact: McNemar's exact test/);
  });

  it('names an unknown test without inventing a description', () => {
    expect(testLegend({ comparisons: [comparison('my-test')] })).toEqual(['my-test: see the result details']);
  });
});
