import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readGrayPng } from '../../runtime/data/png.ts';
import { renderContactSheet, writeContactSheet } from '../../runtime/data/preview.ts';

const dir = mkdtempSync(join(tmpdir(), 'orthobench-preview-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tile = (value: number, side: number): Float32Array => new Float32Array(side * side).fill(value);

describe('renderContactSheet', () => {
  const samples = [
    { label: 1, pixels: tile(0.2, 4) },
    { label: 0, pixels: tile(0.9, 4) },
    { label: 1, pixels: tile(0.4, 8) }, // resized to the tile size
    { label: 1, pixels: tile(0.6, 4) }, // beyond perClass: left out
  ];

  it('lays out one row per class with a 2-px gutter, first perClass samples of each', () => {
    const sheet = renderContactSheet(samples, 2, 4);
    expect([sheet.width, sheet.height]).toEqual([2 * 4 + 3 * 2, 2 * 4 + 3 * 2]);
    const at = (x: number, y: number): number => sheet.pixels[y * sheet.width + x];
    expect(at(0, 0)).toBe(0.5); // gutter
    expect(at(2, 2)).toBeCloseTo(0.9, 6); // class 0, first tile
    expect(at(8, 2)).toBe(0.5); // class 0 has one sample only
    expect(at(2, 8)).toBeCloseTo(0.2, 6); // class 1, first tile
    expect(at(8 + 3, 8 + 3)).toBeCloseTo(0.4, 6); // class 1, second tile (resized from 8 px)
  });

  it('writes an 8-bit PNG that reads back at the same size', () => {
    const file = join(dir, 'sheet.png');
    const sheet = writeContactSheet(file, samples, 2, 4);
    const back = readGrayPng(file);
    expect([back.width, back.height]).toEqual([sheet.width, sheet.height]);
  });
});
