// Issue 3 item 7 for DICOM: a missing, non-DICOM, corrupt or truncated file, an unsupported transfer syntax or
// image type each gives a DicomError that names the file and the problem.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import dicomParser from 'dicom-parser';
import { encodeGrayPng } from '../../runtime/data/png.ts';
import { DicomError, encodeDicom, readDicom, type DicomProblem } from '../../runtime/dicom/index.ts';
import { DICOM_REFERENCE, fixturePath } from './dicom-reference.ts';

const scratch = mkdtempSync(join(tmpdir(), 'orthobench-dicom-bad-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function writeScratch(name: string, bytes: Uint8Array): string {
  const file = join(scratch, name);
  writeFileSync(file, bytes);
  return file;
}

function expectDicomError(file: string, problem: DicomProblem, mentions: RegExp): void {
  let caught: unknown;
  try {
    readDicom(file);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DicomError);
  const error = caught as DicomError;
  expect(error.file).toBe(file);
  expect(error.problem).toBe(problem);
  expect(error.message.startsWith(`${file}: `)).toBe(true);
  expect(error.message).toMatch(mentions);
}

/** Replaces an ASCII value of the same even length, e.g. a header field. */
function patchText(bytes: Uint8Array, from: string, to: string): Uint8Array {
  expect(to.length).toBe(from.length);
  const text = Buffer.from(bytes).toString('latin1');
  const at = text.indexOf(from);
  expect(at).toBeGreaterThan(0);
  const out = Uint8Array.from(bytes);
  out.set(Buffer.from(to, 'latin1'), at);
  return out;
}

/** Shortens the last pixel-data fragment to half, fixing its item length: the DICOM stays well formed. */
function halveLastFragment(bytes: Uint8Array): Uint8Array {
  const fragments = dicomParser.parseDicom(bytes).elements.x7fe00010.fragments ?? [];
  const { position, length } = fragments[fragments.length - 1];
  const kept = 2 * Math.floor(length / 4);
  const itemLength = new Uint8Array(4);
  new DataView(itemLength.buffer).setUint32(0, kept, true);
  return Uint8Array.from([...bytes.subarray(0, position - 4), ...itemLength, ...bytes.subarray(position, position + kept), ...bytes.subarray(position + length)]);
}

describe('bad DICOM input', () => {
  it('a missing file', () => {
    expectDicomError(join(scratch, 'nowhere', 'knee.dcm'), 'missing-file', /file not found/);
  });

  it('a file that is not DICOM (a PNG named .dcm, a tiny file)', () => {
    const png = writeScratch('image.dcm', encodeGrayPng({ pixels: new Float32Array(4096).fill(0.5), width: 64, height: 64 }));
    expectDicomError(png, 'not-dicom', /no "DICM" marker/);
    expectDicomError(writeScratch('tiny.dcm', new Uint8Array(20)), 'not-dicom', /too short/);
  });

  it('a file truncated in the meta header, the data set or the pixel data', () => {
    for (const fixture of ['u12-mono2.dcm', 'u8-mono2-jpegls.dcm', 'u16-multiframe-rle.dcm', 'u12-mono2-deflated.dcm']) {
      const bytes = readFileSync(fixturePath(fixture));
      for (const keep of [150, 600, bytes.length - 100]) {
        expectDicomError(writeScratch(`cut-${keep}-${fixture}`, bytes.subarray(0, keep)), 'truncated', /truncated/);
      }
    }
  });

  it('pixel data shorter than the header promises', () => {
    const bytes = encodeDicom({ rows: 4, columns: 4, frames: [new Uint16Array(16)] });
    // Rows is the US value 4 after the tag (0028,0010) 'US' length 2; claim 8 rows instead.
    const text = Buffer.from(bytes).toString('latin1');
    const at = text.indexOf('\x28\x00\x10\x00US\x02\x00');
    const patched = Uint8Array.from(bytes);
    patched[at + 8] = 8;
    expectDicomError(writeScratch('short-pixels.dcm', patched), 'truncated', /pixel data holds 32 bytes.*need 64/);
  });

  it('a corrupt meta header', () => {
    const bytes = Uint8Array.from(readFileSync(fixturePath('u12-mono2.dcm')));
    for (let i = 140; i < 400; i++) bytes[i] = (i * 91) & 0xff;
    expectDicomError(writeScratch('garbled-header.dcm', bytes), 'corrupt', /Transfer Syntax UID|cannot parse/);
  });

  it('a corrupt compressed codestream (JPEG-LS, JPEG baseline, RLE)', () => {
    for (const fixture of ['u8-mono2-jpegls.dcm', 'u8-mono2-jpeg-baseline.dcm', 'u12-mono2-rle.dcm']) {
      const bytes = Uint8Array.from(readFileSync(fixturePath(fixture)));
      for (let i = bytes.length - 400; i < bytes.length - 200; i++) bytes[i] = (i * 37) & 0xff;
      expectDicomError(writeScratch(`garbled-${fixture}`, bytes), 'decode-failed', /frame 1 of 1: .* decoding failed/);
    }
  });

  it('a truncated codestream in a well-formed file (each compressed transfer syntax)', () => {
    const fixtures = ['u8-mono2-j2k.dcm', 'u8-mono2-jpegls.dcm', 'u12-mono2-rle.dcm', 'u12-mono2-jpeg-lossless.dcm', 'u8-mono2-jpeg-baseline.dcm'];
    for (const fixture of fixtures) {
      const file = writeScratch(`short-codestream-${fixture}`, halveLastFragment(readFileSync(fixturePath(fixture))));
      expectDicomError(file, 'decode-failed', /decoding failed/);
    }
    // OpenJPEG reports it only in its log, which the error carries.
    expect(() => readDicom(halveLastFragment(readFileSync(fixturePath('u8-mono2-j2k.dcm'))), 'j2k.dcm')).toThrow(/\[ERROR\]/);
  });

  it('an unsupported transfer syntax is named (JPEG Extended 12-bit, made by dcmcjpeg +ee)', () => {
    const { file, transferSyntax } = DICOM_REFERENCE.bad.unsupportedTransferSyntax;
    expect(transferSyntax).toBe('1.2.840.10008.1.2.4.51');
    expectDicomError(fixturePath(file), 'unsupported-transfer-syntax', /unsupported transfer syntax JPEG Extended \(Process 2 & 4, 12-bit\) \(1\.2\.840\.10008\.1\.2\.4\.51\)/);
    const unknown = patchText(readFileSync(fixturePath('u8-mono2.dcm')), '1.2.840.10008.1.2.1\0', '1.2.840.10008.9.9.9\0');
    expectDicomError(writeScratch('unknown-syntax.dcm', unknown), 'unsupported-transfer-syntax', /1\.2\.840\.10008\.9\.9\.9/);
  });

  it('a colour image is refused by name', () => {
    const ybr = patchText(encodeDicom({ rows: 2, columns: 2, frames: [new Uint8Array(4)] }), 'MONOCHROME2 ', 'YBR_FULL_422');
    expectDicomError(writeScratch('colour.dcm', ybr), 'unsupported-image', /only grayscale.*YBR_FULL_422/);
  });
});
