// The DICOM path end to end: KL phantoms written as DICOM load through the manifest loader exactly as their
// 16-bit PNGs do; writing is deterministic; bad .dcm rows fail naming the file.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadLabelledImages } from '../../runtime/data/load-dataset.ts';
import { writeManifest, type ManifestEntry } from '../../runtime/data/manifest.ts';
import { generateKlDataset, type KlDatasetOptions } from '../../runtime/data/phantoms/kl-dataset.ts';
import { writeGrayPng } from '../../runtime/data/png.ts';
import { InvalidDatasetError } from '../../runtime/data/manifest-error.ts';
import { encodeDicom, grayImageToDicom, writeDicom } from '../../runtime/dicom/index.ts';
import { fixturePath } from './dicom-reference.ts';

const scratch = mkdtempSync(join(tmpdir(), 'orthobench-dicom-phantom-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const OPTIONS: KlDatasetOptions = { patients: 5, imagesPerPatient: 2, labelNoise: 0, imageSize: 32, seed: 11 };

function writePhantomFolder(folder: string, format: 'png' | 'dicom', options = OPTIONS): void {
  const { samples } = generateKlDataset(options);
  mkdirSync(join(folder, 'images'), { recursive: true });
  const entries: ManifestEntry[] = samples.map((s, index) => {
    const image = { pixels: s.pixels, width: options.imageSize, height: options.imageSize };
    const path = `images/${s.id}.${format === 'png' ? 'png' : 'dcm'}`;
    if (format === 'png') writeGrayPng(join(folder, path), image, 16);
    else writeDicom(join(folder, path), grayImageToDicom(image, { patientId: s.patientId, modality: 'DX', instanceNumber: index + 1 }));
    return { path, label: s.label, patientId: s.patientId, modality: s.modality };
  });
  writeManifest(join(folder, 'manifest.csv'), entries);
}

describe('synthetic phantoms as DICOM', () => {
  it('load through the manifest loader with the same pixels as the 16-bit PNGs', () => {
    writePhantomFolder(join(scratch, 'png'), 'png');
    writePhantomFolder(join(scratch, 'dicom'), 'dicom');
    const fromPng = loadLabelledImages(join(scratch, 'png'), 32, 5);
    const fromDicom = loadLabelledImages(join(scratch, 'dicom'), 32, 5);
    expect(fromDicom.samples).toHaveLength(10);
    fromDicom.samples.forEach((sample, i) => {
      const reference = fromPng.samples[i];
      expect([sample.label, sample.patientId, sample.modality]).toEqual([reference.label, reference.patientId, reference.modality]);
      // Both are v / 65535 of the same 16-bit levels (PNG: v / 65535; DICOM: the full-range LINEAR window).
      let worst = 0;
      for (let p = 0; p < sample.pixels.length; p++) worst = Math.max(worst, Math.abs(sample.pixels[p] - reference.pixels[p]));
      expect(worst).toBeLessThan(1e-7);
    });
  });

  it('are written byte-identically for the same seed, and differently for another', () => {
    const encodeAll = (seed: number): Uint8Array[] =>
      generateKlDataset({ ...OPTIONS, patients: 2, seed }).samples.map((s) =>
        encodeDicom(grayImageToDicom({ pixels: s.pixels, width: 32, height: 32 }, { patientId: s.patientId })),
      );
    const first = encodeAll(3);
    const again = encodeAll(3);
    first.forEach((bytes, i) => expect(Buffer.from(bytes).equals(again[i])).toBe(true));
    expect(Buffer.from(encodeAll(4)[0]).equals(first[0])).toBe(false);
  });

  it('a truncated or multi-frame .dcm in a manifest fails naming the manifest line and the file', () => {
    const folder = join(scratch, 'bad');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'cut.dcm'), readFileSync(fixturePath('u12-mono2.dcm')).subarray(0, 900));
    copyFileSync(fixturePath('u16-multiframe.dcm'), join(folder, 'stack.dcm'));
    for (const [name, problem] of [['cut.dcm', /manifest\.csv:2  cut\.dcm: file ends inside the data set/], ['stack.dcm', /manifest\.csv:2  stack\.dcm: has 3 frames/]] as const) {
      writeManifest(join(folder, 'manifest.csv'), [{ path: name, label: 0, patientId: 'p1', modality: 'xray' }]);
      expect(() => loadLabelledImages(folder, 16, 2)).toThrow(InvalidDatasetError);
      expect(() => loadLabelledImages(folder, 16, 2)).toThrow(problem);
    }
    // Frame k of a multi-frame file is named file#k.
    writeManifest(join(folder, 'manifest.csv'), [0, 1, 2].map((k) => ({ path: `stack.dcm#${k}`, label: 0, patientId: 'p1', modality: 'xray' })));
    expect(loadLabelledImages(folder, 16, 2).samples.map((s) => s.path)).toEqual(['stack.dcm#0', 'stack.dcm#1', 'stack.dcm#2']);
  });
});
