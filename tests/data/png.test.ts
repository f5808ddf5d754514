import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from 'fast-png';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../benchmarks/rng.ts';
import { decodeGrayPng, encodeGrayPng, readGrayPng, writeGrayPng } from '../../runtime/data/png.ts';

const dir = mkdtempSync(join(tmpdir(), 'orthobench-png-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function levels(n: number, max: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n }, () => rng.int(max + 1) / max);
}

describe('grayscale PNG', () => {
  it.each([8, 16] as const)('%i-bit round trip is exact for quantised values, and re-encoding is byte-identical', (depth) => {
    const max = depth === 16 ? 65535 : 255;
    const pixels = levels(7 * 5, max, depth);
    pixels[0] = 0;
    pixels[1] = 1;
    const file = join(dir, `round-${depth}.png`);
    writeGrayPng(file, { pixels, width: 7, height: 5 }, depth);
    const back = readGrayPng(file);
    expect(back.width).toBe(7);
    expect(back.height).toBe(5);
    expect(Array.from(back.pixels)).toEqual(Array.from(pixels));
    const again = encodeGrayPng(back, depth);
    expect(Buffer.from(again).equals(Buffer.from(encodeGrayPng({ pixels, width: 7, height: 5 }, depth)))).toBe(true);
    // IHDR: bit depth at byte 24, colour type 0 (grayscale) at byte 25.
    expect(again[24]).toBe(depth);
    expect(again[25]).toBe(0);
  });

  it('16-bit quantisation error is at most half a level; out-of-range values clamp', () => {
    const rng = new Rng(1);
    const pixels = Float32Array.from({ length: 64 }, () => rng.next());
    pixels[0] = -0.5;
    pixels[1] = 1.5;
    pixels[2] = Number.NaN;
    const back = decodeGrayPng(encodeGrayPng({ pixels, width: 8, height: 8 }, 16));
    expect(back.pixels[0]).toBe(0);
    expect(back.pixels[1]).toBe(1);
    expect(back.pixels[2]).toBe(0);
    for (let i = 3; i < 64; i++) expect(Math.abs(back.pixels[i] - pixels[i])).toBeLessThanOrEqual(0.5 / 65535 + 1e-7);
  });

  it('converts colour, gray+alpha, palette and packed low-depth PNGs to luminance (BT.601)', () => {
    const rgb = encode({ width: 2, height: 1, channels: 3, depth: 8, data: new Uint8Array([255, 0, 0, 10, 20, 30]) });
    expect(Array.from(decodeGrayPng(rgb).pixels)).toEqual([0.299, (0.299 * 10 + 0.587 * 20 + 0.114 * 30) / 255].map(Math.fround));
    const rgba = encode({ width: 1, height: 1, channels: 4, depth: 8, data: new Uint8Array([0, 255, 0, 7]) });
    expect(decodeGrayPng(rgba).pixels[0]).toBeCloseTo(0.587, 6);
    const grayAlpha = encode({ width: 1, height: 1, channels: 2, depth: 16, data: new Uint16Array([32768, 0]) });
    expect(decodeGrayPng(grayAlpha).pixels[0]).toBeCloseTo(32768 / 65535, 7);
    const indexed = encode({
      width: 2, height: 1, channels: 1, depth: 8, data: new Uint8Array([1, 0]), palette: [[0, 0, 255], [255, 255, 255]],
    });
    expect(decodeGrayPng(indexed).pixels[0]).toBeCloseTo(1, 6);
    expect(decodeGrayPng(indexed).pixels[1]).toBeCloseTo(0.114, 6);
    // 4-bit gray, 3×2: rows packed MSB first and padded to a byte: [0, 5, 10 | 15, 10, 5].
    const packed = encode({ width: 3, height: 2, channels: 1, depth: 4, data: new Uint8Array([0x05, 0xa0, 0xfa, 0x50]) });
    expect(Array.from(decodeGrayPng(packed).pixels)).toEqual([0, 5, 10, 15, 10, 5].map((v) => Math.fround(v / 15)));
  });

  it('errors name the file', () => {
    const bad = join(dir, 'not-a-png.png');
    writeFileSync(bad, 'hello');
    expect(() => readGrayPng(bad)).toThrow(bad);
    expect(() => readGrayPng(bad)).toThrow(/not a readable PNG/);
    const missing = join(dir, 'missing.png');
    expect(() => readGrayPng(missing)).toThrow(`${missing}: cannot read file (ENOENT)`);
    expect(() => encodeGrayPng({ pixels: new Float32Array(3), width: 2, height: 2 })).toThrow(/2×2/);
  });
});
