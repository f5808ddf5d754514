// Public surface of the data layer: labelled-image manifests, PNG I/O, resizing, the synthetic phantoms of
// every registered task and their materialisation on disk. Pure TypeScript (no TensorFlow.js), cheap to test.
export { loadLabelledImages, type LabelledImage, type LabelledImageSet } from './load-dataset.ts';
export {
  readManifest, resolveManifestPath, writeManifest, OPTIONAL_COLUMNS, REQUIRED_COLUMNS,
  type Manifest, type ManifestEntry, type ManifestRow, type ReadManifestOptions,
} from './manifest.ts';
export { ManifestError, formatIssue, type ManifestIssue } from './manifest-error.ts';
export {
  KL_PHANTOM_VERSION, materializeSyntheticDataset, syntheticDatasetHash, type SyntheticDatasetRecord,
} from './materialize.ts';
export {
  decodeGrayPng, encodeGrayPng, PngError, readGrayPng, writeGrayPng, type GrayImage, type PngBitDepth,
} from './png.ts';
export {
  materializeSyntheticTask, syntheticTaskHash, TASK_PHANTOM_VERSION, type SyntheticTaskRecord,
} from './materialize-task.ts';
export { renderContactSheet, writeContactSheet, type PreviewSample } from './preview.ts';
export { taskPreviewSamples, writeTaskContactSheet, type TaskPreviewOptions } from './task-preview.ts';
export { generateTaskPhantom, resolvePhantomOptions, type SyntheticTaskOptions } from './phantoms/task-phantoms.ts';
export type { PhantomDataset, PhantomOptions, PhantomPatient, PhantomSample } from './phantoms/phantom-dataset.ts';
export { centreCropSquare, resizeGray, toSquare } from './resize.ts';
export {
  generateKlDataset, validateKlDatasetOptions, type KlDataset, type KlDatasetOptions, type KlPatient, type KlSample,
} from './phantoms/kl-dataset.ts';
export { allocateClassCounts, OAI_KL_PREVALENCE } from './phantoms/kl-prevalence.ts';
export { writeKlContactSheet, type KlPreviewOptions } from './phantoms/kl-preview.ts';
export { drawKneeSigns, drawKneeSignsAtSeverity, healthyKneeSigns, LATENT_SPREAD } from './phantoms/kl-signs.ts';
export { renderKneeRadiograph } from './phantoms/knee-radiograph.ts';
export type { KlGrade, KneeAnatomy, KneeExposure, KneeParams, KneePose, KneeSigns, Osteophyte } from './phantoms/knee-params.ts';
