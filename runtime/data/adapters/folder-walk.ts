// Lists the files under a folder, sorted and relative with "/" separators, leaving out hidden entries (".cache",
// ".DS_Store"), so every adapter sees the same reproducible order on every platform.
import { readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileHasPart10Preamble } from '../../dicom/part10-bytes.ts';

export function listFiles(folder: string, prefix = ''): string[] {
  const found: string[] = [];
  const entries = readdirSync(join(folder, prefix), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...listFiles(folder, relative));
    else if (entry.isFile()) found.push(relative);
  }
  return found;
}

export function listSubfolders(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

/** An extensionless file with the DICOM Part 10 "DICM" marker at byte 128 (scanners write bare names). */
export function isBareDicom(file: string): boolean {
  return extname(file) === '' && fileHasPart10Preamble(file);
}

/** Files that are not images and not meant to be (notes, label tables): never reported as unsupported. */
export const SIDECAR_EXTENSIONS = new Set(['.txt', '.csv', '.json', '.md', '.yaml', '.yml', '.xml', '.html', '.pdf']);
