// MRNet-style .npy stacks (one per exam and plane) with a headerless "exam,label" CSV: every slice is an image
// of its exam, planes share the exam, "7" in the CSV names 0007.npy, and missing or unlabelled stacks are bad
// input (reported with the CSV line, or skipped and listed).
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidDatasetError } from '../../runtime/data/manifest-error.ts';
import { failureMessage, loadAcl } from './acl-dataset.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/npy/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'orthobench-mrnet-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function mrnetFolder(name: string, csv: string, extra: (root: string) => void = () => {}): string {
  const root = join(scratch, name);
  mkdirSync(join(root, 'axial'), { recursive: true });
  mkdirSync(join(root, 'sagittal'), { recursive: true });
  copyFileSync(join(FIXTURES, 'u8-stack.npy'), join(root, 'axial', '0000.npy'));
  copyFileSync(join(FIXTURES, 'u16-stack.npy'), join(root, 'sagittal', '0000.npy'));
  copyFileSync(join(FIXTURES, 'f8-stack.npy'), join(root, 'axial', '0007.npy'));
  writeFileSync(join(root, 'train-acl.csv'), csv);
  extra(root);
  return root;
}

const failure = (run: () => unknown): string => failureMessage(run, InvalidDatasetError);

describe('MRNet adapter', () => {
  it('reads every slice of every plane as an image of its exam, labels from the headerless CSV', () => {
    const root = mrnetFolder('plain', '0000,1\n7,0\n');
    const data = loadAcl(root);
    expect(data.format).toBe('mrnet');
    expect(data.samples.map((s) => [s.path, s.examId, s.patientId, s.label, s.view])).toEqual([
      ['axial/0000.npy#0', '0000', '0000', 1, 'axial'],
      ['axial/0000.npy#1', '0000', '0000', 1, 'axial'],
      ['axial/0000.npy#2', '0000', '0000', 1, 'axial'],
      ['axial/0007.npy#0', '7', '7', 0, 'axial'],
      ['axial/0007.npy#1', '7', '7', 0, 'axial'],
      ['sagittal/0000.npy#0', '0000', '0000', 1, 'sagittal'],
      ['sagittal/0000.npy#1', '0000', '0000', 1, 'sagittal'],
    ]);
    expect(data.samples.every((s) => s.modality === 'mri' && s.listedIn === join(root, 'train-acl.csv'))).toBe(true);
    // Slice 1 of the uint8 stack, 8×8 → 4×4 by 2×2 area averages of ((64 + 8y + x)·3 mod 256) / 255.
    const value = (y: number, x: number): number => (((64 + y * 8 + x) * 3) % 256) / 255;
    const expected = Array.from({ length: 16 }, (_, i) => {
      const [y, x] = [2 * Math.floor(i / 4), 2 * (i % 4)];
      return (value(y, x) + value(y, x + 1) + value(y + 1, x) + value(y + 1, x + 1)) / 4;
    });
    [...data.samples[1].pixels].forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
  });

  it('a header row adds patient ids, label names and a held-out split', () => {
    const root = mrnetFolder('header', 'exam,label,patientId,split\n0000,tear,K1,train\n0007,intact,K2,test\n');
    const data = loadAcl(root);
    expect([...new Set(data.samples.map((s) => s.patientId))]).toEqual(['K1', 'K2']);
    expect(data.heldOut?.test).toEqual([3, 4]);
    expect(data.heldOut?.train).toEqual([0, 1, 2, 5, 6]);
  });

  it('a listed exam without a stack, and a stack without a row: errors with the CSV line, or skipped and listed', () => {
    const root = mrnetFolder('gaps', '0000,1\n7,0\n0009,1\n', (r) => copyFileSync(join(FIXTURES, 'u8-stack.npy'), join(r, 'axial', '0012.npy')));
    const message = failure(() => loadAcl(root));
    // A headerless CSV's first line is a label row: "0009,1" is line 3.
    expect(message).toContain(`${join(root, 'train-acl.csv')}:3  0009.npy: no .npy stack for exam "0009"`);
    expect(message).toContain(`${join(root, 'axial', '0012.npy')}  exam "0012" has no row in ${join(root, 'train-acl.csv')}`);
    const data = loadAcl(root, { onInvalid: 'skip' });
    expect(data.samples).toHaveLength(7);
    expect(data.skipped.map((s) => [s.path, s.line])).toEqual([[join(root, 'axial', '0012.npy'), undefined], ['0009.npy', 3]]);
  });

  it('a truncated stack is named with its CSV line; several CSVs need ?labels=', () => {
    const root = mrnetFolder('truncated', '0000,1\n7,0\n', (r) => {
      const bytes = readFileSync(join(r, 'axial', '0007.npy'));
      writeFileSync(join(r, 'axial', '0007.npy'), bytes.subarray(0, bytes.length - 8));
    });
    expect(failure(() => loadAcl(root))).toMatch(/train-acl\.csv:2 {2}axial\/0007\.npy: pixel data holds 248 bytes, need 256 \(truncated\?\) \(2 images listed\)/);
    writeFileSync(join(root, 'valid-acl.csv'), '0000,1\n');
    expect(failure(() => loadAcl(root))).toMatch(/several CSV files \(train-acl\.csv, valid-acl\.csv\): say which with \?labels=<file>/);
    // Skipping the only "intact" exam empties that class: an error no skip can repair.
    expect(failure(() => loadAcl(`${root}?labels=train-acl.csv`, { onInvalid: 'skip' }))).toMatch(/class "intact" \(0\) of acl-tear has no image \(1 input\(s\) were skipped\)/);
    writeFileSync(join(root, 'train-acl.csv'), '0000,1\n7,0\n5,0\n');
    copyFileSync(join(FIXTURES, 'u8-stack.npy'), join(root, 'sagittal', '0005.npy'));
    const data = loadAcl(`${root}?labels=train-acl.csv`, { onInvalid: 'skip' });
    expect(data.skipped).toEqual([{ path: 'axial/0007.npy', reason: expect.stringMatching(/truncated/), listedIn: join(root, 'train-acl.csv'), line: 2 }]);
    expect(new Set(data.samples.map((s) => s.examId))).toEqual(new Set(['0000', '5']));
  });
});
