import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadLabelledImages } from '../../runtime/data/load-dataset.ts';
import { materializeSyntheticDataset, syntheticDatasetHash, type SyntheticDatasetRecord } from '../../runtime/data/materialize.ts';
import { generateKlDataset, type KlDatasetOptions } from '../../runtime/data/phantoms/kl-dataset.ts';
import { resizeGray } from '../../runtime/data/resize.ts';

const options: KlDatasetOptions = { patients: 25, imagesPerPatient: 2, labelNoise: 0.1, imageSize: 32, seed: 8 };
const created: string[] = [];
afterAll(() => created.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const fresh = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'orthobench-data-'));
  created.push(dir);
  return dir;
};

describe('materializeSyntheticDataset', () => {
  it('writes PNGs, manifest.csv and dataset.json into <dir>/<hash>/', () => {
    const dir = fresh();
    const manifest = materializeSyntheticDataset(options, dir);
    const folder = join(dir, syntheticDatasetHash(options));
    expect(manifest).toBe(join(folder, 'manifest.csv'));
    expect(readdirSync(dir)).toEqual([syntheticDatasetHash(options)]); // no temporary folder left behind
    expect(readdirSync(join(folder, 'images'))).toHaveLength(50);
    const record = JSON.parse(readFileSync(join(folder, 'dataset.json'), 'utf8')) as SyntheticDatasetRecord;
    expect(record).toMatchObject({ hash: syntheticDatasetHash(options), images: 50, options, trueClassCounts: [5, 5, 5, 5, 5] });
    expect(record.classCounts.reduce((a, b) => a + b, 0)).toBe(25);
    expect(readFileSync(manifest, 'utf8').split('\n')[0]).toBe('path,label,patientId,modality');
  });

  it('reuses a complete data set and regenerates an incomplete one', () => {
    const dir = fresh();
    const manifest = materializeSyntheticDataset(options, dir);
    const record = join(dirname(manifest), 'dataset.json');
    const written = statSync(record).mtimeMs;
    expect(materializeSyntheticDataset(options, dir)).toBe(manifest);
    expect(statSync(record).mtimeMs).toBe(written);
    const victim = join(dirname(manifest), 'images', 'P0001-v1.png');
    rmSync(victim);
    materializeSyntheticDataset(options, dir);
    expect(existsSync(victim)).toBe(true);
  });

  it('is byte-reproducible across folders, and the hash separates different options', () => {
    const a = JSON.parse(readFileSync(join(dirname(materializeSyntheticDataset(options, fresh())), 'dataset.json'), 'utf8'));
    const b = JSON.parse(readFileSync(join(dirname(materializeSyntheticDataset(options, fresh())), 'dataset.json'), 'utf8'));
    expect(a.pixelSha256).toBe(b.pixelSha256);
    expect(syntheticDatasetHash({ ...options, seed: 9 })).not.toBe(syntheticDatasetHash(options));
    expect(syntheticDatasetHash({ ...options, labelNoise: 0.2 })).not.toBe(syntheticDatasetHash(options));
  });
});

describe('loadLabelledImages', () => {
  it('reads the synthetic set back through its manifest: labels, patients and pixels (16-bit exact)', () => {
    const manifest = materializeSyntheticDataset(options, fresh());
    const generated = generateKlDataset(options).samples;
    const loaded = loadLabelledImages(dirname(manifest), 32, 5);
    expect(loaded.imageSize).toBe(32);
    expect(loaded.samples).toHaveLength(generated.length);
    loaded.samples.forEach((s, i) => {
      expect(s).toMatchObject({ label: generated[i].label, patientId: generated[i].patientId, modality: 'xray' });
      let worst = 0;
      for (let k = 0; k < s.pixels.length; k++) worst = Math.max(worst, Math.abs(s.pixels[k] - generated[i].pixels[k]));
      expect(worst).toBeLessThanOrEqual(0.5 / 65535 + 1e-7);
    });
  });

  it('resizes to the requested size by area averaging', () => {
    const manifest = materializeSyntheticDataset(options, fresh());
    const full = loadLabelledImages(manifest, 32, 5).samples[3].pixels;
    const half = loadLabelledImages(manifest, 16, 5).samples[3].pixels;
    const expected = resizeGray({ pixels: full, width: 32, height: 32 }, 16, 16).pixels;
    expect(half).toHaveLength(256);
    for (let k = 0; k < 256; k++) expect(half[k]).toBeCloseTo(expected[k], 6);
    // Hand check of one output pixel: the mean of its 2×2 source block.
    const mean = (full[0] + full[1] + full[32] + full[33]) / 4;
    expect(half[0]).toBeCloseTo(mean, 6);
  });

  it('rejects labels outside the task\'s label set, naming the manifest line', () => {
    const manifest = materializeSyntheticDataset(options, fresh());
    expect(() => loadLabelledImages(manifest, 32, 2)).toThrow(/manifest\.csv:\d+:\d+ {2}label \d is not in the label set 0\.\.1/);
  });
});
