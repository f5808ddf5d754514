// Writes through a temporary name and a rename, so an interrupted conversion never leaves half a file behind.
import { renameSync, writeFileSync } from 'node:fs';

export function writeFileAtomically(file: string, bytes: Uint8Array): void {
  const temporary = `${file}.partial`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, file);
}
