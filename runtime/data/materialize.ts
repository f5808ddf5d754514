// Writes a synthetic KL cohort to disk like a user's data set (16-bit PNGs + manifest.csv + dataset.json) in
// `<dir>/<hash>/`, where the hash covers the generator version and options; an existing complete copy is reused
// (atomic-folder.ts). The runner's original path for synthetic:kl-grade; materialize-task.ts covers every task.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { materializeFolder } from './atomic-folder.ts';
import { readManifest, writeManifest, type ManifestEntry } from './manifest.ts';
import { generateKlDataset, validateKlDatasetOptions, type KlDatasetOptions } from './phantoms/kl-dataset.ts';
import { encodeGrayPng } from './png.ts';

/** Bump when the phantom's rendering or sampling changes, so cached data sets are regenerated. */
export const KL_PHANTOM_VERSION = 'kl-knee-radiograph/1';
const NUM_KL_CLASSES = 5;
const HASH_LENGTH = 16;

export interface SyntheticDatasetRecord {
  generator: 'synthetic:kl-grade';
  version: string;
  options: KlDatasetOptions;
  hash: string;
  images: number;
  /** Patients per recorded label, and per true grade. */
  classCounts: number[];
  trueClassCounts: number[];
  /** SHA-256 over all PNG files in manifest order (byte-level reproducibility check). */
  pixelSha256: string;
  patients: Array<{ patientId: string; label: number; trueLabel: number; severity: number }>;
}

/** Only the generator's own options, in a fixed key order (callers may pass a larger object). */
function generatorOptions(o: KlDatasetOptions): KlDatasetOptions {
  return { patients: o.patients, imagesPerPatient: o.imagesPerPatient, labelNoise: o.labelNoise, imageSize: o.imageSize, seed: o.seed };
}

export function syntheticDatasetHash(options: KlDatasetOptions): string {
  const canonical = JSON.stringify({ version: KL_PHANTOM_VERSION, depth: 16, ...generatorOptions(options) });
  return createHash('sha256').update(canonical).digest('hex').slice(0, HASH_LENGTH);
}

function isComplete(folder: string, hash: string): boolean {
  const recordFile = join(folder, 'dataset.json');
  if (!existsSync(recordFile) || !existsSync(join(folder, 'manifest.csv'))) return false;
  try {
    const record = JSON.parse(readFileSync(recordFile, 'utf8')) as SyntheticDatasetRecord;
    const manifest = readManifest(join(folder, 'manifest.csv'), { numClasses: NUM_KL_CLASSES });
    return record.hash === hash && manifest.rows.length === record.images;
  } catch {
    return false;
  }
}

function countBy(values: number[]): number[] {
  const counts = new Array<number>(NUM_KL_CLASSES).fill(0);
  for (const v of values) counts[v]++;
  return counts;
}

function writeDataset(folder: string, options: KlDatasetOptions, hash: string): void {
  const { samples, patients } = generateKlDataset(options);
  mkdirSync(join(folder, 'images'), { recursive: true });
  const digest = createHash('sha256');
  const entries: ManifestEntry[] = samples.map((s) => {
    const path = `images/${s.id}.png`;
    const bytes = encodeGrayPng({ pixels: s.pixels, width: options.imageSize, height: options.imageSize }, 16);
    writeFileSync(join(folder, path), bytes);
    digest.update(bytes);
    return { path, label: s.label, patientId: s.patientId, modality: s.modality };
  });
  writeManifest(join(folder, 'manifest.csv'), entries);
  const record: SyntheticDatasetRecord = {
    generator: 'synthetic:kl-grade',
    version: KL_PHANTOM_VERSION,
    options: generatorOptions(options),
    hash,
    images: samples.length,
    classCounts: countBy(patients.map((p) => p.label)),
    trueClassCounts: countBy(patients.map((p) => p.trueLabel)),
    pixelSha256: digest.digest('hex'),
    patients: patients.map((p) => ({ patientId: p.patientId, label: p.label, trueLabel: p.trueLabel, severity: p.signs.severity })),
  };
  writeFileSync(join(folder, 'dataset.json'), JSON.stringify(record, null, 2) + '\n');
}

/** Returns the path of the data set's manifest.csv, generating the data set only if no complete copy exists. */
export function materializeSyntheticDataset(options: KlDatasetOptions, dir: string): string {
  validateKlDatasetOptions(options);
  const hash = syntheticDatasetHash(options);
  const folder = materializeFolder(dir, hash, (f) => isComplete(f, hash), (temp) => writeDataset(temp, options, hash));
  return join(folder, 'manifest.csv');
}
