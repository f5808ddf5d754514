import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readManifest, writeManifest, type ManifestEntry } from '../../runtime/data/manifest.ts';

const dir = mkdtempSync(join(tmpdir(), 'orthobench-exam-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const entries: ManifestEntry[] = [
  { path: 'a.png', label: 1, patientId: 'P1', modality: 'mri', examId: 'P1-MR1' },
  { path: 'b.png', label: 1, patientId: 'P1', modality: 'mri', examId: 'P1-MR1' },
  { path: 'c.png', label: 0, patientId: 'P2', modality: 'mri', split: 'test', examId: 'P2-MR1' },
];

describe('optional examId column', () => {
  it('round-trips through CSV (written only when some entry has one) and JSON', () => {
    for (const name of ['m.csv', 'm.json']) {
      writeManifest(join(dir, name), entries);
      const rows = readManifest(join(dir, name), { checkFiles: false }).rows;
      expect(rows.map((r) => [r.examId, r.split])).toEqual([['P1-MR1', undefined], ['P1-MR1', undefined], ['P2-MR1', 'test']]);
    }
    expect(readFileSync(join(dir, 'm.csv'), 'utf8').split('\n')[0]).toBe('path,label,patientId,modality,split,examId');
    writeManifest(join(dir, 'plain.csv'), entries.map(({ examId: _, split: __, ...rest }) => rest));
    expect(readFileSync(join(dir, 'plain.csv'), 'utf8').split('\n')[0]).toBe('path,label,patientId,modality');
  });

  it('is optional when reading: absent or blank means no exam id', () => {
    writeFileSync(join(dir, 'blank.csv'), 'path,label,patientId,modality,examId\na.png,0,P1,xray,\n');
    expect(readManifest(join(dir, 'blank.csv'), { checkFiles: false }).rows[0].examId).toBeUndefined();
  });
});
