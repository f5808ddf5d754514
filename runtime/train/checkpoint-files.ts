// Saving and finding the latest DINO checkpoint in a folder. The tensors go to a new file named by step, then
// the manifest is renamed into place: the manifest is the commit point, so a kill at any moment leaves the
// previous complete checkpoint (or none) in force. Older tensor files and stray temp files are removed after.
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonAtomic } from '../io/atomic-write.ts';
import { loadSafetensors, saveSafetensors } from '../io/safetensors.ts';
import { decodeCheckpoint, encodeCheckpoint, type CheckpointManifest } from './checkpoint-codec.ts';
import type { DinoCheckpoint } from './checkpoint-state.ts';

export const CHECKPOINT_MANIFEST = 'checkpoint.json';

export async function saveDinoCheckpoint(dir: string, checkpoint: DinoCheckpoint): Promise<void> {
  const tensorsFile = `state-${String(checkpoint.step).padStart(8, '0')}.safetensors`;
  const { tensors, manifest } = encodeCheckpoint(checkpoint, tensorsFile);
  await saveSafetensors(join(dir, tensorsFile), tensors, { format: manifest.format, step: String(checkpoint.step) });
  await writeJsonAtomic(join(dir, CHECKPOINT_MANIFEST), manifest);
  const keep = new Set([tensorsFile, CHECKPOINT_MANIFEST]);
  for (const name of await readdir(dir)) if (!keep.has(name)) await rm(join(dir, name), { force: true, recursive: true });
}

/** The checkpoint committed in `dir`, or undefined when there is none. */
export async function tryLoadDinoCheckpoint(dir: string): Promise<DinoCheckpoint | undefined> {
  const file = join(dir, CHECKPOINT_MANIFEST);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let manifest: CheckpointManifest;
  try {
    manifest = JSON.parse(text) as CheckpointManifest;
  } catch (error) {
    throw new Error(`${file}: unreadable checkpoint manifest (${(error as Error).message}); delete ${dir} to start pretraining over`);
  }
  const { tensors } = await loadSafetensors(join(dir, manifest.tensors));
  return decodeCheckpoint(manifest, tensors, file);
}
