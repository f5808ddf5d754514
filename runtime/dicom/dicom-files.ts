// Finds the DICOM files under a folder: names ending .dcm / .dicom, or no extension with the Part 10 "DICM"
// marker (scanners often write bare names); DICOMDIR indexes are not images. Sorted, so runs are reproducible.
import { readdirSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { fileHasPart10Preamble } from './part10-bytes.ts';

const DICOM_EXTENSIONS = new Set(['.dcm', '.dicom']);

export function isDicomFileName(file: string): boolean {
  return DICOM_EXTENSIONS.has(extname(file).toLowerCase());
}

/** Paths relative to `folder`, searched recursively. */
export function findDicomFiles(folder: string): string[] {
  const found: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.isFile() && entry.name.toUpperCase() !== 'DICOMDIR') {
        if (isDicomFileName(entry.name) || (extname(entry.name) === '' && fileHasPart10Preamble(path))) found.push(relative(folder, path));
      }
    }
  };
  visit(folder);
  return found.sort();
}
