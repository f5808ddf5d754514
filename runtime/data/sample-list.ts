// The sample list a run stores (data/<task>/samples.csv in the job folder): the data set as it was used — one
// row per image in sample order, absolute paths (`file#n` for a frame), label index, patient, exam, view and
// split — itself a valid manifest, so reports read true labels and patients from it whatever the source layout.
import type { ManifestEntry } from './manifest.ts';
import { writeManifest } from './manifest.ts';
import { framePath, type SampleRef } from './sample-ref.ts';

export function sampleListEntries(samples: readonly SampleRef[]): ManifestEntry[] {
  return samples.map((s) => ({
    path: framePath(s.resolvedPath, s.frame),
    label: s.label,
    patientId: s.patientId,
    modality: s.modality,
    ...(s.split !== undefined ? { split: s.split } : {}),
    examId: s.examId,
    ...(s.view !== undefined ? { view: s.view } : {}),
  }));
}

export function writeSampleList(file: string, samples: readonly SampleRef[]): void {
  writeManifest(file, sampleListEntries(samples));
}
