// The DICOM study-tree adapter: patient and exam from the PatientID / StudyInstanceUID tags (folder names are
// ignored), labels from labels.csv keyed by patient or study, one image per frame, and each bad file — corrupt,
// truncated, unsupported transfer syntax, no PatientID, unlabelled — an error naming it, or skipped and listed.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LabelledDatasetOptions } from '../../runtime/data/labelled-dataset.ts';
import { InvalidDatasetError } from '../../runtime/data/manifest-error.ts';
import { encodeDicom, grayImageToDicom } from '../../runtime/dicom/index.ts';
import { failureMessage, loadAcl } from '../data/acl-dataset.ts';
import { DICOM_REFERENCE, fixturePath } from './dicom-reference.ts';

const scratch = mkdtempSync(join(tmpdir(), 'orthobench-dicom-tree-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const STUDY = { A: '1.2.3.1', B: '1.2.3.2', C: '1.2.3.3' };

function image(level: number): { pixels: Float32Array; width: number; height: number } {
  return { pixels: new Float32Array(64).map((_, i) => (level + i / 64) / 4), width: 8, height: 8 };
}

function put(root: string, path: string, bytes: Uint8Array): string {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return file;
}

function slice(patientId: string, studyUid: string, instanceNumber: number): Uint8Array {
  return encodeDicom(grayImageToDicom(image(instanceNumber % 4), { patientId, studyUid, seriesUid: `${studyUid}.1`, modality: 'MR', instanceNumber }));
}

/** Folder names deliberately disagree with the tags: the adapter must read the tags. */
function tree(name: string, labels: string): string {
  const root = join(scratch, name);
  put(root, 'X/misfiled/2.dcm', slice('P1', STUDY.A, 2));
  put(root, 'X/misfiled/1.dcm', slice('P1', STUDY.A, 1));
  put(root, 'P1/other/1.dcm', slice('P2', STUDY.B, 1));
  const frames = [new Uint16Array(64).fill(1000), new Uint16Array(64).fill(3000)];
  put(root, 'P3/study/stack', encodeDicom({ rows: 8, columns: 8, frames, patientId: 'P3', studyUid: STUDY.C, modality: 'MR', window: { center: 2000, width: 4000 } }));
  writeFileSync(join(root, 'labels.csv'), labels);
  return root;
}

function load(root: string, overrides: Partial<LabelledDatasetOptions> = {}) {
  return loadAcl(root, { imageSize: 8, ...overrides });
}

const failure = (run: () => unknown): string => failureMessage(run, InvalidDatasetError);

describe('DICOM study-tree adapter', () => {
  it('takes patient and exam from the tags, not the folders; labels keyed by study; a frame per image', () => {
    const root = tree('by-study', `studyInstanceUid,label\n${STUDY.A},tear\n${STUDY.B},intact\n${STUDY.C},1\n`);
    const data = load(root);
    expect(data.format).toBe('dicom-tree');
    expect(data.samples.map((s) => [s.path, s.patientId, s.examId, s.label, s.modality])).toEqual([
      ['X/misfiled/1.dcm', 'P1', STUDY.A, 1, 'mri'],
      ['X/misfiled/2.dcm', 'P1', STUDY.A, 1, 'mri'],
      ['P1/other/1.dcm', 'P2', STUDY.B, 0, 'mri'],
      ['P3/study/stack#0', 'P3', STUDY.C, 1, 'mri'],
      ['P3/study/stack#1', 'P3', STUDY.C, 1, 'mri'],
    ]);
    // The file's window (2000 ± 2000) maps stored 1000 and 3000 to 0.25 and 0.75 (LINEAR, PS3.3 C.11.2.1.2).
    expect(data.samples[3].pixels[0]).toBeCloseTo((1000 - 1999.5) / 3999 + 0.5, 6);
    expect(data.samples[4].pixels[0]).toBeCloseTo((3000 - 1999.5) / 3999 + 0.5, 6);
    // data.window overrides the file's.
    const windowed = load(root, { window: { center: 1000, width: 2000 } });
    expect(windowed.samples[4].pixels[0]).toBe(1);
  });

  it('labels keyed by patient, with a held-out split', () => {
    const root = tree('by-patient', 'patientId,label,split\nP1,tear,train\nP2,intact,test\nP3,intact,\n');
    const data = load(root);
    expect(data.samples.map((s) => s.label)).toEqual([1, 1, 0, 0, 0]);
    expect(data.heldOut).toEqual({ train: [0, 1, 3, 4], test: [2] });
  });

  it('an unlabelled study and a bad label: errors naming the file and the labels line', () => {
    const root = tree('unlabelled', `studyInstanceUid,label\n${STUDY.A},tear\n${STUDY.B},rupture\n`);
    const message = failure(() => load(root));
    expect(message).toContain(`${join(root, 'labels.csv')}:3:9  label "rupture" is not in the task's label set (intact, tear, or 0..1)`);
    expect(message).toContain(`${join(root, 'P3/study/stack')}  not labelled: study ${STUDY.C} has no row in ${join(root, 'labels.csv')}`);
  });

  it('corrupt, truncated, unsupported and anonymous files: named in the error, or skipped and listed', () => {
    // The JPEG Extended fixture (made by dcmcjpeg) belongs to patient PAT-u12-mono2.
    const root = tree('bad', `patientId,label\nP1,tear\nP2,intact\nP3,tear\nP4,intact\nPAT-u12-mono2,tear\n`);
    const good = slice('P4', '1.2.3.4', 1);
    const garbled = Uint8Array.from(good);
    for (let i = 140; i < 400; i++) garbled[i] = (i * 91) & 0xff;
    const unknownSyntax = Buffer.from(Buffer.from(good).toString('latin1').replace('1.2.840.10008.1.2.1\0', '1.2.840.10008.9.9.9\0'), 'latin1');
    const files = {
      garbled: put(root, 'bad/garbled.dcm', garbled),
      truncated: put(root, 'bad/truncated.dcm', good.subarray(0, good.length - 50)),
      unknown: put(root, 'bad/unknown-syntax.dcm', unknownSyntax),
      anonymous: put(root, 'bad/anonymous.dcm', encodeDicom(grayImageToDicom(image(1), { patientId: '' }))),
      jpegExtended: join(root, 'bad', DICOM_REFERENCE.bad.unsupportedTransferSyntax.file),
    };
    copyFileSync(fixturePath(DICOM_REFERENCE.bad.unsupportedTransferSyntax.file), files.jpegExtended);
    put(root, 'P4/ok.dcm', good);
    const reasons: Record<keyof typeof files, RegExp> = {
      garbled: /cannot parse the DICOM header|Transfer Syntax/,
      truncated: /truncated/,
      unknown: /unsupported transfer syntax 1\.2\.840\.10008\.9\.9\.9/,
      anonymous: /no PatientID \(0010,0020\)/,
      jpegExtended: /unsupported transfer syntax JPEG Extended \(Process 2 & 4, 12-bit\)/,
    };
    const message = failure(() => load(root));
    const headerProblems = ['garbled', 'anonymous'] as const;
    // Header problems are found while indexing; pixel problems when decoding, after the labels are sound.
    for (const key of headerProblems) expect(message).toMatch(new RegExp(`${files[key]}  .*(${reasons[key].source})`));
    const data = load(root, { onInvalid: 'skip' });
    expect(data.samples.map((s) => s.patientId)).toEqual(['P1', 'P1', 'P2', 'P3', 'P3', 'P4']);
    for (const [key, file] of Object.entries(files) as [keyof typeof files, string][]) {
      const entry = data.skipped.find((s) => s.path === file);
      expect(entry, key).toBeDefined();
      expect(entry!.reason, key).toMatch(reasons[key]);
    }
    rmSync(files.garbled);
    rmSync(files.anonymous);
    const pixelProblems = failure(() => load(root));
    for (const key of ['truncated', 'unknown', 'jpegExtended'] as const) expect(pixelProblems).toMatch(new RegExp(`${files[key]}  .*(${reasons[key].source})`));
  });
});
