import { describe, it, expect } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRunEvidence, RunLoadError } from '../../reports/load-run.ts';
import { toBaselineBundle } from '../../reports/baseline-bundle.ts';
import { alternatingLabels, correctExcept, makeRun } from './make-run.ts';

/** Writes a made run as a job folder, laid out as runtime/job writes one, with a CSV manifest for the labels. */
function writeJobFolder(root: string): string {
  const labels = alternatingLabels(8);
  const run = makeRun('job1', [{ id: 'kl', labels, correct: correctExcept(8, [3]) }]);
  const dir = join(root, 'job1');
  const manifest = join(root, 'manifest.csv');
  writeFileSync(manifest, ['path,label,patientId,modality', ...labels.map((y, i) => `img${i}.png,${y},p${Math.floor(i / 2)},xray`)].join('\n') + '\n');
  run.result.datasets[0].manifest = manifest;
  mkdirSync(join(dir, 'eval', 'kl', 'pretrained'), { recursive: true });
  writeFileSync(join(dir, 'result.json'), JSON.stringify(run.result));
  writeFileSync(join(dir, 'eval', 'kl', 'folds.json'), JSON.stringify(run.tasks.kl.foldTests.map((test) => ({ train: [], test }))));
  for (const p of run.tasks.kl.predictions) writeFileSync(join(dir, 'eval', 'kl', 'pretrained', `fold${p.fold}-f1.json`), JSON.stringify(p));
  return dir;
}

describe('loadRunEvidence', () => {
  const root = mkdtempSync(join(tmpdir(), 'load-run-'));
  const dir = writeJobFolder(root);

  it('reads a job folder: labels and patient ids from the manifest, folds and every prediction file', () => {
    const evidence = loadRunEvidence(dir);
    expect(evidence.result.jobId).toBe('job1');
    expect(evidence.tasks.kl.labels).toEqual([0, 1, 0, 1, 0, 1, 0, 1]);
    expect(evidence.tasks.kl.groups).toEqual(['p0', 'p0', 'p1', 'p1', 'p2', 'p2', 'p3', 'p3']);
    expect(evidence.tasks.kl.foldTests).toEqual([[0, 2, 4, 6], [1, 3, 5, 7]]);
    expect(evidence.tasks.kl.predictions.map((p) => p.fold).sort()).toEqual([0, 1]);
    expect(loadRunEvidence(join(dir, 'result.json')).tasks).toEqual(evidence.tasks);
  });

  it('round-trips through a baseline bundle', () => {
    const evidence = loadRunEvidence(dir);
    const file = join(root, 'baseline.json');
    writeFileSync(file, JSON.stringify(toBaselineBundle(evidence)));
    const back = loadRunEvidence(file);
    expect(back.result).toEqual(evidence.result);
    expect(back.tasks).toEqual(evidence.tasks);
  });

  it('loads a bundle written before patient ids were stored (groups absent)', () => {
    const { groups, ...old } = loadRunEvidence(dir).tasks.kl;
    expect(groups).toHaveLength(8);
    const file = join(root, 'old-baseline.json');
    writeFileSync(file, JSON.stringify({ ...toBaselineBundle(loadRunEvidence(dir)), tasks: { kl: old } }));
    expect(loadRunEvidence(file).tasks.kl.groups).toBeUndefined();
  });

  it('reads an exam-level task at its unit: slice scores averaged per exam, as the job analysed them', () => {
    // 8 slices, exams e0..e3 of 2 slices each (one patient per exam); folds hold whole exams.
    const sliceLabels = [0, 0, 1, 1, 0, 0, 1, 1];
    const run = makeRun('exam1', [{ id: 'mr', labels: sliceLabels, correct: correctExcept(8, []) }]);
    const examDir = join(root, 'exam1');
    const manifest = join(root, 'exam-samples.csv');
    writeFileSync(manifest, ['path,label,patientId,modality,examId', ...sliceLabels.map((y, i) => `s${i}.png,${y},p${i >> 1},mri,e${i >> 1}`)].join('\n') + '\n');
    run.result.datasets[0].manifest = manifest;
    run.result.tasks[0].examPooling = 'mean';
    const folds = [{ train: [4, 5, 6, 7], test: [0, 1, 2, 3] }, { train: [0, 1, 2, 3], test: [4, 5, 6, 7] }];
    const proba = [0.2, 0.4, 0.9, 0.5, 0.1, 0.3, 0.6, 0.8]; // p(class 1) per slice
    mkdirSync(join(examDir, 'eval', 'mr', 'pretrained'), { recursive: true });
    writeFileSync(join(examDir, 'result.json'), JSON.stringify(run.result));
    writeFileSync(join(examDir, 'eval', 'mr', 'folds.json'), JSON.stringify(folds));
    folds.forEach(({ test }, fold) => {
      const p = { model: 'pretrained', fraction: 1, fold, testIndices: test, trainCount: 4, predicted: test.map((i) => (proba[i] > 0.5 ? 1 : 0)), probabilities: test.map((i) => [1 - proba[i], proba[i]]) };
      writeFileSync(join(examDir, 'eval', 'mr', 'pretrained', `fold${fold}-f1.json`), JSON.stringify(p));
    });
    const evidence = loadRunEvidence(examDir).tasks.mr;
    expect(evidence.labels).toEqual([0, 1, 0, 1]);
    expect(evidence.groups).toEqual(['p0', 'p1', 'p2', 'p3']);
    expect(evidence.foldTests).toEqual([[0, 1], [2, 3]]);
    // Hand-computed means: e0 (0.2+0.4)/2 = 0.3, e1 0.7, e2 0.2, e3 0.7 → predicted 0, 1, 0, 1.
    const pooled = evidence.predictions.flatMap((p) => p.testIndices.map((e, k) => [e, p.probabilities[k][1], p.predicted[k]]));
    expect(pooled.map(([e]) => e)).toEqual([0, 1, 2, 3]);
    expect(pooled.map(([, p1]) => p1)).toEqual([0.3, 0.7, 0.2, 0.7].map((v) => expect.closeTo(v, 12)));
    expect(pooled.map(([, , y]) => y)).toEqual([0, 1, 0, 1]);
  });

  it('says what is missing', () => {
    expect(() => loadRunEvidence(join(root, 'nope'))).toThrow(RunLoadError);
    expect(() => loadRunEvidence(join(root, 'nope'))).toThrow(/no such run folder or file \(nor an MLflow run id/);
    expect(() => loadRunEvidence(root)).toThrow(/no result.json/);
    writeFileSync(join(root, 'other.json'), '{"a":1}');
    expect(() => loadRunEvidence(join(root, 'other.json'))).toThrow(/neither a job folder/);
  });
});
