// Manifests as a data source: train/test split and view/plane columns, class names or indices, one label
// column per task, and the data-set checks — a patient on both sides of the split, an exam with two labels —
// reported with the manifest lines.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findSplitLeaks, heldOutSplit } from '../../benchmarks/splits/held-out-split.ts';
import { encodeGrayPng } from '../../runtime/data/png.ts';
import { failureMessage, loadAcl } from './acl-dataset.ts';

const scratch = mkdtempSync(join(tmpdir(), 'orthobench-manifest-source-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const IMAGES = ['a.png', 'b.png', 'c.png', 'd.png', 'e.png'];

function manifest(name: string, body: string, file = 'manifest.csv'): string {
  const root = join(scratch, name);
  mkdirSync(root, { recursive: true });
  for (const image of IMAGES) writeFileSync(join(root, image), encodeGrayPng({ pixels: new Float32Array(16).fill(0.25), width: 4, height: 4 }));
  writeFileSync(join(root, file), body);
  return join(root, file);
}

describe('manifest source', () => {
  it('reads split, view (or plane), exam and class names; the test split is held out', () => {
    const file = manifest('split', [
      'path,label,patientId,modality,examId,plane,split',
      'a.png,tear,P1,mri,E1,sagittal,train',
      'b.png,tear,P1,mri,E1,coronal,',
      'c.png,0,P2,mri,E2,sagittal,TEST',
      'd.png,intact,P3,mri,,axial,train',
    ].join('\n'));
    const data = loadAcl(join(file, '..'));
    expect(data.format).toBe('manifest');
    expect(data.samples.map((s) => [s.label, s.examId, s.view, s.split])).toEqual([
      [1, 'E1', 'sagittal', 'train'], [1, 'E1', 'coronal', undefined], [0, 'E2', 'sagittal', 'test'], [0, 'd.png', 'axial', 'train'],
    ]);
    expect(data.heldOut).toEqual({ train: [0, 1, 3], test: [2] });
  });

  it('a split other than train/test is an error at its cell', () => {
    const file = manifest('bad-split', 'path,label,patientId,modality,split\na.png,1,P1,mri,val\nb.png,0,P2,mri,train\n');
    expect(failureMessage(() => loadAcl(file))).toContain(`${file}:2:16  split must be "train" or "test" (got "val")`);
  });

  it('a patient on both sides of the split is an error naming the patient and the lines', () => {
    const file = manifest('leak', 'path,label,patientId,modality,split\na.png,1,P1,mri,train\nb.png,0,P2,mri,train\nc.png,1,P1,mri,test\nd.png,0,P2,mri,train\n');
    expect(failureMessage(() => loadAcl(file))).toContain(`patient "P1" is on both sides of the split: train at ${file}:2; test at ${file}:4`);
    // Skipping cannot repair a leak: it fails under 'skip' too.
    expect(failureMessage(() => loadAcl(file, { onInvalid: 'skip' }))).toContain('patient "P1" is on both sides');
  });

  it('an exam with two labels is an error naming both lines', () => {
    const file = manifest('exam', 'path,label,patientId,modality,examId\na.png,1,P1,mri,E1\nb.png,0,P1,mri,E1\nc.png,0,P2,mri,E2\n');
    expect(failureMessage(() => loadAcl(file))).toContain(`exam "E1" has labels 1 and 0 (${file}:2, ${file}:3)`);
  });

  it('one label column per task: the column named by the task id, or ?label=<column>', () => {
    const file = manifest('columns', 'path,patientId,modality,acl-tear,meniscus-tear\na.png,P1,mri,tear,intact\nb.png,P2,mri,intact,tear\n');
    expect(loadAcl(file).samples.map((s) => s.label)).toEqual([1, 0]);
    expect(loadAcl(`${file}?label=meniscus-tear`).samples.map((s) => s.label)).toEqual([0, 1]);
    expect(loadAcl(file).labelColumn).toBe('acl-tear');
  });
});

describe('heldOutSplit (hand-made example)', () => {
  it('splits by the given sides and finds every leaking patient', () => {
    const sides = ['train', 'test', undefined, 'test', 'train'] as const;
    expect(heldOutSplit(sides, ['A', 'B', 'C', 'D', 'E'])).toEqual({ train: [0, 2, 4], test: [1, 3] });
    expect(heldOutSplit([undefined, 'train'], ['A', 'B'])).toBeUndefined();
    const groups = ['A', 'B', 'A', 'B', 'C'];
    expect(findSplitLeaks(['train', 'test', 'test', undefined, 'test'], groups)).toEqual([
      { patientId: 'A', train: [0], test: [2] }, { patientId: 'B', train: [3], test: [1] },
    ]);
    expect(() => heldOutSplit(['train', 'test', 'test', undefined, 'test'], groups, (i) => `line ${i + 2}`))
      .toThrow('patient "A" is on both sides of the split: train at line 2; test at line 4 (and 1 more patient(s))');
  });
});
