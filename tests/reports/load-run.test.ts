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
  writeFileSync(manifest, ['path,label,patientId,modality', ...labels.map((y, i) => `img${i}.png,${y},p${i},xray`)].join('\n') + '\n');
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

  it('reads a job folder: labels from the manifest, folds and every prediction file', () => {
    const evidence = loadRunEvidence(dir);
    expect(evidence.result.jobId).toBe('job1');
    expect(evidence.tasks.kl.labels).toEqual([0, 1, 0, 1, 0, 1, 0, 1]);
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

  it('says what is missing', () => {
    expect(() => loadRunEvidence(join(root, 'nope'))).toThrow(RunLoadError);
    expect(() => loadRunEvidence(root)).toThrow(/no result.json/);
    writeFileSync(join(root, 'other.json'), '{"a":1}');
    expect(() => loadRunEvidence(join(root, 'other.json'))).toThrow(/neither a job folder/);
  });
});
