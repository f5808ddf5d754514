import { describe, it, expect } from 'vitest';
import { compareRuns } from '../../benchmarks/analysis/compare-runs.ts';
import { Rng } from '../../benchmarks/rng.ts';
import { compareCsv, compareTable } from '../../reports/compare-table.ts';
import { alternatingLabels, correctExcept, makeRun, range } from './make-run.ts';

const N = 100;
const labels = alternatingLabels(N);
const options = { alpha: 0.05, confidence: 0.95, bootstrap: 200, rng: new Rng(1) };

// Discordant pairs per task (current right & reference wrong = b, the reverse = c) chosen so the exact McNemar
// p-values are hand-computable: 2·P(Bin(10, ½) ≤ min(b, c)).
const reference = makeRun('ref', [
  { id: 't1', labels, correct: correctExcept(N, []) },
  { id: 't2', labels, correct: correctExcept(N, range(0, 9)) },
  { id: 't3', labels, correct: correctExcept(N, range(0, 8)) },
]);
const current = makeRun('cur', [
  { id: 't1', labels, correct: correctExcept(N, range(0, 10)) }, // b=0, c=10: p = 2/1024
  { id: 't2', labels, correct: correctExcept(N, [9]) }, // b=9, c=1: p = 2·11/1024
  { id: 't3', labels, correct: correctExcept(N, [8, 9]) }, // b=8, c=2: p = 2·56/1024
]);

describe('compareRuns', () => {
  const outcome = compareRuns([reference, current], options);

  it('uses the exact McNemar p-values on the same samples', () => {
    expect(outcome.rows.map((r) => r.test)).toEqual(['mcnemar-exact', 'mcnemar-exact', 'mcnemar-exact']);
    expect(outcome.rows.map((r) => r.pValue)).toEqual([2 / 1024, 22 / 1024, 112 / 1024].map((p) => expect.closeTo(p, 12)));
    expect(outcome.rows.map((r) => r.delta)).toEqual([-0.1, 0.08, 0.06].map((d) => expect.closeTo(d, 12)));
  });

  it('Holm-corrects across tasks as statsmodels multipletests(method="holm")', () => {
    // Hand-computed: sorted p × (m − rank), running max → [3·2/1024, 2·22/1024, max(that, 112/1024)].
    // statsmodels: multipletests([0.001953125, 0.021484375, 0.109375], method='holm')[1]
    //   = [0.005859375, 0.04296875, 0.109375]; reject = [True, True, False].
    expect(outcome.rows.map((r) => r.adjustedPValue)).toEqual([0.005859375, 0.04296875, 0.109375].map((p) => expect.closeTo(p, 12)));
    expect(outcome.rows.map((r) => r.mark)).toEqual(['loss', 'win', 'n.s.']);
  });

  it('separates tasks that are not comparable (an error) from tasks that are not shared (a note)', () => {
    const bumped = makeRun('v2', [
      { id: 't1', labels, correct: correctExcept(N, []), version: 2 },
      { id: 't2', labels, correct: correctExcept(N, []) },
      { id: 't4', labels, correct: correctExcept(N, []) },
    ]);
    const result = compareRuns([reference, bumped], options);
    expect(result.rows.map((r) => r.task)).toEqual(['t2']);
    expect(result.notComparable).toEqual(['v2 vs ref: task "t1" has version 1 in the baseline but 2 in the current run']);
    expect(result.skipped).toEqual(['v2 vs ref: task "t3" is not in made:v2', 'v2 vs ref: task "t4" is not in the reference made:ref']);
  });

  it('renders the marks in the table and every field in CSV', () => {
    expect(compareTable(outcome).rows.map((r) => r.at(-1))).toEqual(['▼ loss', '▲ win', 'n.s.']);
    const csv = compareCsv(outcome).trim().split('\n');
    expect(csv[0]).toBe('task,baselineRun,currentRun,model,fraction,metric,baselineValue,currentValue,delta,ciLower,ciUpper,test,pValue,adjustedPValue,mark,resampling,note');
    expect(csv[1]).toMatch(/^t1,ref,cur,pretrained,1,accuracy,1,0\.9,/);
    // make-run stores no patient ids, as a bundle from before they were kept: the CSV row says samples were resampled.
    expect(csv[1]).toMatch(/,loss,samples,"no patient ids stored with either run .*, not patients"$/);
    expect(csv).toHaveLength(4);
  });
});
