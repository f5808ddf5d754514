// Stage 1: make the labelled images available. Synthetic phantoms are written to disk as PNG + manifest
// first and then read back through the same loader a user's own folder goes through.
import { resolve } from 'node:path';
import type { ResolvedExperiment } from '../../dsl/types.ts';
import { materializeSyntheticDataset } from '../data/materialize.ts';
import { loadLabelledImages } from '../data/load-dataset.ts';
import type { JobEvents } from './events.ts';

export interface PreparedDataset {
  source: string;
  manifest: string;
  images: Float32Array[];
  labels: number[];
  groups: string[];
  numClasses: number;
}

const SYNTHETIC_PREFIX = 'synthetic:';

export async function prepareDataset(spec: ResolvedExperiment, numClasses: number, events: JobEvents): Promise<PreparedDataset> {
  const { source, imageSize, synthetic, dir } = spec.data;
  let manifest: string;
  if (source.startsWith(SYNTHETIC_PREFIX)) {
    const phantom = source.slice(SYNTHETIC_PREFIX.length);
    if (phantom !== 'kl-grade') throw new Error(`data.source: no synthetic generator for "${phantom}" (available: kl-grade)`);
    events.info(`generating synthetic ${phantom} phantoms (${synthetic.patients} patients × ${synthetic.imagesPerPatient} images)`);
    manifest = await materializeSyntheticDataset(
      { ...synthetic, imageSize, seed: spec.seed },
      resolve(dir),
    );
  } else {
    manifest = resolve(source);
  }
  const loaded = await loadLabelledImages(manifest, imageSize, numClasses);
  return {
    source,
    manifest,
    images: loaded.samples.map((s) => s.pixels),
    labels: loaded.samples.map((s) => s.label),
    groups: loaded.samples.map((s) => s.patientId),
    numClasses,
  };
}
