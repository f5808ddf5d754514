// Issue 3, bad input: a corrupt or truncated DICOM, an unsupported transfer syntax, a missing file, a label
// outside the task's label set, NaN or missing labels and an empty class. Under data.onInvalid 'fail' each is an
// error naming the file, the manifest line and the problem (all listed at once); under 'skip' the input is left
// out and listed with path, line and reason — except an empty class, which no skip can repair.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeGrayPng } from '../../runtime/data/png.ts';
import { encodeDicom, grayImageToDicom } from '../../runtime/dicom/index.ts';
import { DICOM_REFERENCE, fixturePath } from '../dicom/dicom-reference.ts';
import { failureMessage, loadAcl } from './acl-dataset.ts';

const scratch = mkdtempSync(join(tmpdir(), 'orthobench-bad-input-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const tile = { pixels: new Float32Array(16).map((_, i) => i / 16), width: 4, height: 4 };

function dataset(name: string, rows: string[]): { root: string; file: string } {
  const root = join(scratch, name);
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'ok-0.png'), encodeGrayPng(tile));
  writeFileSync(join(root, 'ok-1.dcm'), encodeDicom(grayImageToDicom(tile, { patientId: 'P2' })));
  const good = encodeDicom(grayImageToDicom(tile, { patientId: 'P9' }));
  const garbled = Uint8Array.from(good);
  for (let i = 140; i < 400; i++) garbled[i] = (i * 91) & 0xff;
  writeFileSync(join(root, 'corrupt.dcm'), garbled);
  writeFileSync(join(root, 'truncated.dcm'), good.subarray(0, good.length - 20));
  copyFileSync(fixturePath(DICOM_REFERENCE.bad.unsupportedTransferSyntax.file), join(root, 'jpeg-extended.dcm'));
  const file = join(root, 'manifest.csv');
  writeFileSync(file, ['path,label,patientId,modality', 'ok-0.png,intact,P1,mri', 'ok-1.dcm,tear,P2,mri', ...rows].join('\n') + '\n');
  return { root, file };
}

describe('bad declarations (reported before any image is decoded)', () => {
  const rows = ['missing.png,tear,P3,mri', 'ok-0.png#1,rupture,P4,mri', 'ok-0.png#2,NaN,P5,mri', 'ok-0.png#3,,P6,mri'];
  const cases = [
    { line: 4, path: 'missing.png', problem: /image file not found: missing\.png/ },
    { line: 5, path: 'ok-0.png#1', problem: /label "rupture" is not in the task's label set \(intact, tear, or 0\.\.1\)/ },
    { line: 6, path: 'ok-0.png#2', problem: /label is NaN/ },
    { line: 7, path: 'ok-0.png#3', problem: /label is empty/ },
  ];

  it("fail: one error listing each with the manifest's file:line:column", () => {
    const { file } = dataset('declarations-fail', rows);
    const message = failureMessage(() => loadAcl(file));
    expect(message).toMatch(/^invalid manifest \(4 problems\)/);
    for (const c of cases) expect(message).toMatch(new RegExp(`${file}:${c.line}:\\d+  ${c.problem.source}`));
  });

  it('skip: each left out and listed with path, line and reason', () => {
    const { file } = dataset('declarations-skip', rows);
    const data = loadAcl(file, { onInvalid: 'skip' });
    expect(data.samples.map((s) => s.path)).toEqual(['ok-0.png', 'ok-1.dcm']);
    expect(data.skipped).toHaveLength(cases.length);
    data.skipped.forEach((skipped, k) => {
      expect(skipped).toMatchObject({ path: cases[k].path, listedIn: file, line: cases[k].line });
      expect(skipped.reason).toMatch(cases[k].problem);
    });
  });
});

describe('unreadable images (found while decoding)', () => {
  const rows = ['corrupt.dcm,tear,P7,mri', 'truncated.dcm,tear,P8,mri', 'jpeg-extended.dcm,intact,P9,mri'];
  const cases = [
    { line: 4, path: 'corrupt.dcm', problem: /Transfer Syntax UID|cannot parse/ },
    { line: 5, path: 'truncated.dcm', problem: /truncated/ },
    { line: 6, path: 'jpeg-extended.dcm', problem: /unsupported transfer syntax JPEG Extended \(Process 2 & 4, 12-bit\) \(1\.2\.840\.10008\.1\.2\.4\.51\)/ },
  ];

  it('fail: every unreadable file named with its manifest line and the problem', () => {
    const { file } = dataset('decode-fail', rows);
    const message = failureMessage(() => loadAcl(file));
    expect(message).toMatch(/^invalid data set \(3 problems\)/);
    for (const c of cases) expect(message).toMatch(new RegExp(`${file}:${c.line}  ${c.path}: .*(${c.problem.source})`));
  });

  it('skip: left out and listed; the rest loads', () => {
    const { file } = dataset('decode-skip', rows);
    const data = loadAcl(file, { onInvalid: 'skip' });
    expect(data.samples.map((s) => s.path)).toEqual(['ok-0.png', 'ok-1.dcm']);
    expect(data.skipped.map((s) => [s.path, s.line])).toEqual(cases.map((c) => [c.path, c.line]));
    data.skipped.forEach((s, k) => expect(s.reason).toMatch(cases[k].problem));
  });
});

describe('an empty class', () => {
  it('is an error under fail and under skip, naming the class', () => {
    const { root } = dataset('empty-class', []);
    const file = join(root, 'only-intact.csv');
    writeFileSync(file, 'path,label,patientId,modality\nok-0.png,intact,P1,mri\nok-1.dcm,intact,P2,mri\n');
    expect(failureMessage(() => loadAcl(file))).toContain(`${file}  class "tear" (1) of acl-tear has no image: every class of the task needs examples`);
    // Skipping the only "tear" image empties the class: the error says inputs were skipped.
    const skipped = join(root, 'tear-unreadable.csv');
    writeFileSync(skipped, 'path,label,patientId,modality\nok-0.png,intact,P1,mri\ntruncated.dcm,tear,P2,mri\n');
    expect(failureMessage(() => loadAcl(skipped, { onInvalid: 'skip' }))).toContain('class "tear" (1) of acl-tear has no image (1 input(s) were skipped)');
  });
});
