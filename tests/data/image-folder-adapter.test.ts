// The image-folder layout: one folder per class (by name or index), patient ids from the file name (default
// pattern, or ?patient=<regex>) or from patients.csv, exams from sub-folders; a stray folder or an unsupported
// image is bad input.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadLabelledDataset, type LabelledDatasetOptions } from '../../runtime/data/labelled-dataset.ts';
import { InvalidDatasetError } from '../../runtime/data/manifest-error.ts';
import { encodeGrayPng } from '../../runtime/data/png.ts';
import { encodeDicom, grayImageToDicom } from '../../runtime/dicom/index.ts';

const scratch = mkdtempSync(join(tmpdir(), 'orthobench-image-folder-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const ACL = { id: 'acl-tear', labels: ['intact', 'tear'], modality: 'mri' };
const tile = { pixels: new Float32Array(16).fill(0.5), width: 4, height: 4 };

function folder(name: string, files: Record<string, Uint8Array | string>): string {
  const root = join(scratch, name);
  for (const [path, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), bytes);
  }
  return root;
}

const png = encodeGrayPng(tile);
const dicom = encodeDicom(grayImageToDicom(tile, { patientId: 'ignored' }));

function load(source: string, overrides: Partial<LabelledDatasetOptions> = {}) {
  return loadLabelledDataset({ source, format: 'auto', task: ACL, imageSize: 4, onInvalid: 'fail', ...overrides });
}

describe('image-folder adapter', () => {
  it('reads class folders by name or index, patient from the file name, exam from a sub-folder', () => {
    const root = folder('plain', {
      'intact/P001_left.png': png,
      'intact/P002_right.dcm': dicom,
      '1/P003/slice1.png': png,
      '1/P003/slice2.png': png,
      'tear/P004.png': png,
      'notes.txt': 'not an image',
      'tear/readme.md': '# ignored',
    });
    const data = load(root);
    expect(data.format).toBe('image-folder');
    expect(data.samples.map((s) => [s.path, s.label, s.patientId, s.examId])).toEqual([
      ['1/P003/slice1.png', 1, 'P003', '1/P003'],
      ['1/P003/slice2.png', 1, 'P003', '1/P003'],
      ['intact/P001_left.png', 0, 'P001', 'intact/P001_left.png'],
      ['intact/P002_right.dcm', 0, 'P002', 'intact/P002_right.dcm'],
      ['tear/P004.png', 1, 'P004', 'tear/P004.png'],
    ]);
    expect(data.samples.every((s) => s.modality === 'mri')).toBe(true);
  });

  it('takes the patient from ?patient=<regex>, or from patients.csv', () => {
    const root = folder('pattern', { 'intact/knee-12-a.png': png, 'intact/knee-12-b.png': png, 'tear/knee-7-a.png': png });
    expect(load(`${root}?patient=^knee-(\\d+)-`).samples.map((s) => s.patientId)).toEqual(['12', '12', '7']);
    writeFileSync(join(root, 'patients.csv'), 'path,patientId,examId\nintact/knee-12-a.png,A,E1\nintact/knee-12-b.png,A,E1\ntear/knee-7-a.png,B,E2\n');
    const data = load(root);
    expect(data.samples.map((s) => [s.patientId, s.examId, s.line])).toEqual([['A', 'E1', 2], ['A', 'E1', 3], ['B', 'E2', 4]]);
  });

  it('a folder that is not a class, an unsupported image, an unmatched name: errors, or skipped and listed', () => {
    const root = folder('bad', { 'intact/P1_a.png': png, 'tear/P2_a.png': png, 'rupture/P3_a.png': png, 'tear/P4_a.jpg': 'jpeg', 'tear/_x.png': png });
    let message = '';
    try {
      load(`${root}?patient=^(P\\d+)_`, { format: 'image-folder' });
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidDatasetError);
      message = (error as Error).message;
    }
    expect(message).toContain(`${join(root, 'rupture')}  folder "rupture" is not a class of acl-tear: label "rupture" is not in the task's label set`);
    expect(message).toContain(`${join(root, 'tear', 'P4_a.jpg')}  unsupported image type ".jpg" (PNG or DICOM expected)`);
    expect(message).toContain(`${join(root, 'tear', '_x.png')}  file name does not match the patient pattern /^(P\\d+)_/`);
    const data = load(`${root}?patient=^(P\\d+)_`, { format: 'image-folder', onInvalid: 'skip' });
    expect(data.samples.map((s) => s.path)).toEqual(['intact/P1_a.png', 'tear/P2_a.png']);
    expect(data.skipped.map((s) => s.path)).toEqual([join(root, 'rupture'), join(root, 'tear', 'P4_a.jpg'), join(root, 'tear', '_x.png')]);
  });

  it('an unknown option gets a did-you-mean and the accepted keys', () => {
    const root = folder('options', { 'intact/P1.png': png, 'tear/P2.png': png });
    expect(() => load(`${root}?patinet=^(P\\d)`)).toThrow(/unknown option "patinet" for the image-folder layout \(did you mean "patient"\?\); accepted: patient/);
  });
});
