import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManifestError, type ManifestIssue } from '../../runtime/data/manifest-error.ts';
import { readManifest, writeManifest, type ManifestEntry } from '../../runtime/data/manifest.ts';

const created: string[] = [];
afterAll(() => created.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function folderWithImages(names: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'orthobench-manifest-'));
  created.push(dir);
  mkdirSync(join(dir, 'img'));
  for (const name of names) writeFileSync(join(dir, name), '');
  return dir;
}

function issuesOf(file: string, numClasses = 5): ManifestIssue[] {
  try {
    readManifest(file, { numClasses });
  } catch (error) {
    if (error instanceof ManifestError) return error.issues;
    throw error;
  }
  throw new Error('expected a ManifestError');
}

function csvIssues(body: string, files = ['img/a.png', 'img/b.png']): ManifestIssue[] {
  const dir = folderWithImages(files);
  const file = join(dir, 'manifest.csv');
  writeFileSync(file, body);
  const issues = issuesOf(file);
  for (const issue of issues) expect(issue.file).toBe(file);
  return issues;
}

const entries: ManifestEntry[] = [
  { path: 'img/a, first.png', label: 0, patientId: 'P1', modality: 'xray', split: 'train' },
  { path: 'img/b.png', label: 4, patientId: 'P "2"', modality: 'xray' },
];

describe('manifest round trip', () => {
  it.each(['manifest.csv', 'manifest.json'])('%s: write then read gives the same entries', (name) => {
    const dir = folderWithImages(['img/a, first.png', 'img/b.png']);
    writeManifest(join(dir, name), entries);
    const manifest = readManifest(dir, { numClasses: 5 });
    expect(manifest.file).toBe(join(dir, name));
    expect(manifest.rows.map(({ path, label, patientId, modality, split }) => ({ path, label, patientId, modality, split })))
      .toEqual(entries.map((e) => ({ ...e, split: e.split })));
    expect(manifest.rows[1].resolvedPath).toBe(join(dir, 'img/b.png'));
  });

  it('accepts any column order, extra columns and quoted fields with commas', () => {
    const dir = folderWithImages(['img/a,b.png']);
    writeFileSync(join(dir, 'm.csv'), 'patientId,notes,modality,label,path\nP9,"x, y",mri,3,"img/a,b.png"\n');
    const [row] = readManifest(join(dir, 'm.csv'), { numClasses: 5 }).rows;
    expect(row).toMatchObject({ path: 'img/a,b.png', label: 3, patientId: 'P9', modality: 'mri', line: 2 });
  });
});

describe('manifest errors name file, line and column', () => {
  it('a missing header column, with a did-you-mean', () => {
    const [issue, ...rest] = csvIssues('path,label,patient_id,modality\nimg/a.png,1,P1,xray\n');
    expect(rest).toHaveLength(0);
    expect(issue).toMatchObject({ line: 1, column: 1 });
    expect(issue.message).toContain('header lacks column "patientId"');
    expect(issue.message).toContain('did you mean "patientId"');
  });

  it('an empty path and a missing file', () => {
    const issues = csvIssues('path,label,patientId,modality\n,1,P1,xray\nimg/nope.png,2,P2,xray\n');
    expect(issues.map((i) => [i.line, i.column])).toEqual([[2, 1], [3, 1]]);
    expect(issues[0].message).toBe('path is empty');
    expect(issues[1].message).toMatch(/^image file not found: img\/nope\.png \(resolved to .*img\/nope\.png\)$/);
  });

  it('labels that are blank, NaN, fractional, text or outside the label set', () => {
    const body = 'path,label,patientId,modality\n'
      + 'img/a.png,,P1,xray\nimg/b.png,NaN,P2,xray\nimg/c.png,2.5,P3,xray\nimg/d.png,two,P4,xray\nimg/e.png,5,P5,xray\nimg/f.png,-1,P6,xray\n';
    const issues = csvIssues(body, ['img/a.png', 'img/b.png', 'img/c.png', 'img/d.png', 'img/e.png', 'img/f.png']);
    expect(issues.map((i) => `${i.line}:${i.column} ${i.message}`)).toEqual([
      '2:11 label is empty',
      '3:11 label is NaN (a missing label)',
      '4:11 label must be an integer (got "2.5")',
      '5:11 label must be an integer (got "two")',
      '6:11 label 5 is not in the label set 0..4',
      '7:11 label -1 is not in the label set 0..4',
    ]);
  });

  it('a missing patientId or modality, a short row and a duplicated image', () => {
    const body = 'path,label,patientId,modality\nimg/a.png,1,,xray\nimg/b.png,1,P2,\nimg/b.png,1\nimg/b.png,0,P3,xray\n';
    const issues = csvIssues(body);
    expect(issues.map((i) => `${i.line}:${i.column} ${i.message}`)).toEqual([
      '4:1 expected 4 fields like the header, found 2',
      '2:13 patientId is empty (needed for patient-level splits)',
      '3:16 modality is empty',
      '5:1 image "img/b.png" is already listed on line 3',
    ]);
  });

  it('the error message lists every problem as file:line:column', () => {
    const dir = folderWithImages(['img/a.png']);
    const file = join(dir, 'manifest.csv');
    writeFileSync(file, 'path,label,patientId,modality\nimg/a.png,9,P1,xray\n');
    expect(() => readManifest(file, { numClasses: 5 })).toThrow(`${file}:2:11  label 9 is not in the label set 0..4`);
  });

  it('JSON manifests point at the offending value', () => {
    const dir = folderWithImages(['img/a.png']);
    const file = join(dir, 'manifest.json');
    writeFileSync(file, '[\n  {"path": "img/a.png", "label": 1, "patientId": "P1", "modality": "xray"},\n'
      + '  {"path": "img/a.png",\n   "label": 2.5, "patientId": "P2", "modality": "xray"},\n  {"path": "img/z.png"}\n]\n');
    expect(issuesOf(file).map((i) => `${i.line}:${i.column} ${i.message}`)).toEqual([
      '3:12 image "img/a.png" is already listed on line 2',
      '4:13 label must be an integer (got "2.5")',
      '5:3 missing "label"',
      '5:3 missing "patientId"',
      '5:3 missing "modality"',
    ]);
    writeFileSync(file, '[{"path": "img/a.png",}]');
    expect(issuesOf(file)[0].message).toMatch(/^not valid JSON/);
    writeFileSync(file, '{"path": "img/a.png"}');
    expect(issuesOf(file)[0].message).toBe('a JSON manifest must be an array of objects');
  });

  it('a folder without a manifest, and an empty manifest', () => {
    const dir = folderWithImages([]);
    expect(() => readManifest(dir)).toThrow(`${dir}: folder holds neither manifest.csv nor manifest.json`);
    writeFileSync(join(dir, 'manifest.csv'), 'path,label,patientId,modality\n');
    expect(issuesOf(dir)[0].message).toBe('manifest lists no images');
  });
});
