// The preprocessing cache: a second load of the same data reads decoded, resized frames from disk (the decoder
// is not called) and gets the same pixels; a change of image size, window or file content misses; a damaged
// entry is recomputed.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeImageFile, type DecodeOptions } from '../../runtime/data/decode-image-file.ts';
import { loadLabelledDataset, type LabelledDataset } from '../../runtime/data/labelled-dataset.ts';
import { encodeGrayPng, type GrayImage } from '../../runtime/data/png.ts';
import { encodeDicom, grayImageToDicom } from '../../runtime/dicom/index.ts';

const scratch = mkdtempSync(join(tmpdir(), 'orthobench-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const ACL = { id: 'acl-tear', labels: ['intact', 'tear'], modality: 'mri' };
const image = (level: number): GrayImage => ({ pixels: new Float32Array(64).map((_, i) => (level + i / 64) / 3), width: 8, height: 8 });

const root = join(scratch, 'data');
const cacheDir = join(scratch, 'cache');
mkdirSync(root);
writeFileSync(join(root, 'a.png'), encodeGrayPng(image(0)));
writeFileSync(join(root, 'b.png'), encodeGrayPng(image(1)));
writeFileSync(join(root, 'c.dcm'), encodeDicom(grayImageToDicom(image(2), { patientId: 'P3' })));
writeFileSync(join(root, 'manifest.csv'), 'path,label,patientId,modality\na.png,0,P1,mri\nb.png,1,P2,mri\nc.dcm,1,P3,mri\n');

const decoded: string[] = [];
function spy(bytes: Uint8Array, file: string, options: DecodeOptions): GrayImage[] {
  decoded.push(file.slice(root.length + 1));
  return decodeImageFile(bytes, file, options);
}

function load(imageSize = 4, window?: { center: number; width: number }): LabelledDataset {
  decoded.length = 0;
  return loadLabelledDataset({ source: root, format: 'auto', task: ACL, imageSize, onInvalid: 'fail', cacheDir, decode: spy, ...(window ? { window } : {}) });
}

describe('preprocessing cache', () => {
  it('a second load reads every file from the cache, without decoding, with identical pixels', () => {
    const first = load();
    expect(decoded).toEqual(['a.png', 'b.png', 'c.dcm']);
    expect(first.cache).toEqual({ hits: 0, misses: 3 });
    const entries = readdirSync(cacheDir, { recursive: true }).filter((f) => String(f).endsWith('.f32'));
    expect(entries).toHaveLength(3);
    const second = load();
    expect(decoded).toEqual([]);
    expect(second.cache).toEqual({ hits: 3, misses: 0 });
    second.samples.forEach((s, i) => expect([...s.pixels]).toEqual([...first.samples[i].pixels]));
  });

  it('misses when the image size or the window changes', () => {
    load();
    expect(load(2).cache).toEqual({ hits: 0, misses: 3 });
    expect(load(4, { center: 30000, width: 20000 }).cache).toEqual({ hits: 0, misses: 3 });
    expect(load(4).cache).toEqual({ hits: 3, misses: 0 });
  });

  it('misses for a file whose content changed, and recomputes a damaged entry', () => {
    load();
    writeFileSync(join(root, 'b.png'), encodeGrayPng(image(2)));
    const changed = load();
    expect(decoded).toEqual(['b.png']);
    // The new content, 8 → 4 px: the mean of pixels 0, 1, 8 and 9 of (2 + i/64) / 3 (16-bit PNG levels: 1e-4).
    expect(changed.samples[1].pixels[0]).toBeCloseTo((2 + 4.5 / 64) / 3, 4);
    for (const entry of readdirSync(cacheDir, { recursive: true }).map(String).filter((f) => f.endsWith('.f32'))) {
      writeFileSync(join(cacheDir, entry), new Uint8Array(10));
    }
    const repaired = load();
    expect(decoded).toHaveLength(3);
    repaired.samples.forEach((s, i) => expect([...s.pixels]).toEqual([...changed.samples[i].pixels]));
    expect(load().cache.hits).toBe(3);
  });
});
