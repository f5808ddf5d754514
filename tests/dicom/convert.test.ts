// `bench data convert` logic: DICOM → 16-bit PNG (display values, checked against pydicom's windowing) or
// float32 .npy (modality values), multi-frame files, folders with progress, and fail / skip on bad files.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readGrayPng } from '../../runtime/data/png.ts';
import {
  convertDicom, convertDicomFile, convertDicomFolder, ConvertUsageError, DicomError, readDicom, type ConvertProgress,
} from '../../runtime/dicom/index.ts';
import { DICOM_REFERENCE, fixturePath, referenceFile } from './dicom-reference.ts';

const scratch = mkdtempSync(join(tmpdir(), 'orthobench-dicom-convert-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function readNpy(file: string): { shape: number[]; data: Float32Array } {
  const bytes = readFileSync(file);
  const headerLength = bytes.readUInt16LE(8);
  const header = bytes.subarray(10, 10 + headerLength).toString('latin1');
  expect(header).toContain("'descr': '<f4'");
  const shape = (/'shape': \(([^)]*)\)/.exec(header)?.[1] ?? '').split(',').filter((s) => s.trim() !== '').map(Number);
  const start = 10 + headerLength;
  const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + bytes.length));
  return { shape, data };
}

/** A PNG level is 1/65535; rounding to it moves a value by at most half of that. */
const PNG_LEVEL = 1 / 65535;

describe('convertDicomFile', () => {
  it('writes the windowed display values as a 16-bit PNG (MONOCHROME1 inverted), matching pydicom', () => {
    for (const name of ['u12-mono1.dcm', 's16-rescale.dcm', 'u8-mono1-rle.dcm']) {
      const out = join(scratch, name.replace('.dcm', '.png'));
      expect(convertDicomFile(fixturePath(name), out)).toEqual([out]);
      const png = readGrayPng(out);
      const base = referenceFile(name.replace('-rle', ''));
      expect([png.width, png.height]).toEqual([base.columns, base.rows]);
      base.displayFrame0?.forEach((v, i) => expect(Math.abs(png.pixels[i] - v)).toBeLessThanOrEqual(PNG_LEVEL / 2 + 1e-6));
    }
  });

  it('uses a window override for the PNG', () => {
    const { file, center, width, displayFrame0 } = DICOM_REFERENCE.windowOverride;
    const out = join(scratch, 'override.png');
    convertDicomFile(fixturePath(file), out, { window: { center, width } });
    const png = readGrayPng(out);
    displayFrame0.forEach((v, i) => expect(Math.abs(png.pixels[i] - v)).toBeLessThanOrEqual(PNG_LEVEL / 2 + 1e-6));
  });

  it('writes modality values before windowing as float32 .npy with --raw', () => {
    const out = join(scratch, 's16.npy');
    convertDicomFile(fixturePath('s16-rescale-jpegls.dcm'), out, { raw: true });
    const { shape, data } = readNpy(out);
    expect(shape).toEqual([24, 32]);
    expect(Array.from(data)).toEqual(referenceFile('s16-rescale.dcm').modalityFrame0?.map((v) => Math.fround(v)));
  });

  it('writes one PNG per frame, or one (frames, rows, columns) .npy, for a multi-frame file', () => {
    const out = join(scratch, 'multi', 'stack.png');
    const written = convertDicomFile(fixturePath('u16-multiframe-j2k.dcm'), out);
    expect(written).toEqual([0, 1, 2].map((f) => join(scratch, 'multi', `stack-frame${f}.png`)));
    const image = readDicom(fixturePath('u16-multiframe-j2k.dcm'));
    const second = readGrayPng(written[1]);
    image.toDisplay(1).forEach((v, i) => expect(Math.abs(second.pixels[i] - v)).toBeLessThanOrEqual(PNG_LEVEL / 2 + 1e-6));
    const npy = join(scratch, 'multi', 'stack.npy');
    convertDicomFile(fixturePath('u16-multiframe-j2k.dcm'), npy, { raw: true });
    expect(readNpy(npy).shape).toEqual([3, 24, 32]);
  });

  it('refuses flags that do not fit the output', () => {
    const input = fixturePath('u8-mono2.dcm');
    expect(() => convertDicomFile(input, join(scratch, 'a.png'), { raw: true })).toThrow(ConvertUsageError);
    expect(() => convertDicomFile(input, join(scratch, 'a.npy'), { window: { center: 1, width: 2 } })).toThrow(/window applies to PNG/);
    expect(() => convertDicomFile(input, join(scratch, 'a.jpg'))).toThrow(/must end in \.png or \.npy/);
    expect(() => convertDicomFile(input, join(scratch, 'a.png'), { window: { center: 1, width: 0 } })).toThrow(ConvertUsageError);
  });

  it('puts a single file into an existing folder under its own name', () => {
    const folder = join(scratch, 'into');
    mkdirSync(folder);
    const report = convertDicom(fixturePath('u8-mono2.dcm'), folder);
    expect(report.written).toEqual([join(folder, 'u8-mono2.png')]);
  });
});

describe('convertDicomFolder', () => {
  function makeTree(name: string, badFileName: string): string {
    const root = join(scratch, name);
    mkdirSync(join(root, 'patient1', 'study1'), { recursive: true });
    copyFileSync(fixturePath('u12-mono2-jpegls-near.dcm'), join(root, 'patient1', 'study1', 'a.dcm'));
    copyFileSync(fixturePath('u8-mono1-rle.dcm'), join(root, 'patient1', 'study1', 'IM000002')); // no extension
    copyFileSync(fixturePath('s16-rescale-j2k.dcm'), join(root, 'b.DCM'));
    writeFileSync(join(root, 'notes.txt'), 'not an image');
    writeFileSync(join(root, badFileName), readFileSync(fixturePath('u12-mono2.dcm')).subarray(0, 1000));
    return root;
  }

  it('converts a tree, keeps its layout, reports progress and skips (and lists) a bad file', () => {
    const input = makeTree('tree-skip', 'truncated.dcm');
    const output = join(scratch, 'tree-skip-out');
    const progress: ConvertProgress[] = [];
    const report = convertDicomFolder(input, output, { onError: 'skip', onProgress: (p) => progress.push(p) });
    expect(report.converted).toBe(3);
    expect(report.written.sort()).toEqual([
      join(output, 'b.png'), join(output, 'patient1', 'study1', 'IM000002.png'), join(output, 'patient1', 'study1', 'a.png'),
    ].sort());
    expect(report.skipped).toEqual([{ file: join(input, 'truncated.dcm'), problem: 'truncated', message: expect.stringContaining('truncated.dcm: file ends') }]);
    expect(progress[0]).toEqual({ done: 0, total: 4, file: '' });
    expect(progress.at(-1)).toMatchObject({ done: 4, total: 4 });
    expect(existsSync(join(output, 'notes.png'))).toBe(false);
  });

  it('stops at a bad file by default, naming it, and keeps what was already written', () => {
    const input = makeTree('tree-fail', 'z-truncated.dcm'); // sorts last, after the good files
    const output = join(scratch, 'tree-fail-out');
    expect(() => convertDicomFolder(input, output)).toThrow(DicomError);
    expect(() => convertDicomFolder(input, output)).toThrow(new RegExp(`${join(input, 'z-truncated.dcm')}: file ends`));
    expect(existsSync(join(output, 'b.png'))).toBe(true);
    expect(existsSync(join(output, 'patient1', 'study1', 'a.png'))).toBe(true);
  });

  it('writes .npy files with raw', () => {
    const input = makeTree('tree-raw', 'truncated.dcm');
    const report = convertDicomFolder(input, join(scratch, 'tree-raw-out'), { raw: true, onError: 'skip' });
    expect(report.written.every((f) => f.endsWith('.npy'))).toBe(true);
  });

  it('names a missing input', () => {
    expect(() => convertDicom(join(scratch, 'absent'), join(scratch, 'x'))).toThrow(/absent: file or folder not found/);
  });
});
