// Public surface of the data layer: labelled data sets of any layout (manifest, class folders, DICOM study tree,
// MRNet .npy stacks) with the bad-input policy and the preprocessing cache, PNG I/O, resizing, the synthetic
// phantoms of every registered task and their materialisation on disk. Pure TypeScript (no TensorFlow.js).
export { loadLabelledImages, type LabelledImage, type LabelledImageSet, type LoadLabelledImagesOptions } from './load-dataset.ts';
export { loadLabelledDataset, sampleLocation, type LabelledDataset, type LabelledDatasetOptions } from './labelled-dataset.ts';
export { ADAPTERS, DEFAULT_PATIENT_PATTERN, detectFormat, parseDataSource, readSourceRefs, type DataFormat, type TaskLabels } from './adapters/index.ts';
export { InvalidInputs, type InputProblem, type OnInvalid } from './invalid-inputs.ts';
export { framePath, type SampleRef, type SkippedInput, type SplitName } from './sample-ref.ts';
export { loadSamples, type LoadedSample } from './load-samples.ts';
export { PreprocessCache, preprocessKey, type CacheStats, type PreprocessParams } from './preprocess-cache.ts';
export { DecodeError, decodeImageFile, imageKindOf } from './decode-image-file.ts';
export { decodeNpyStack, NpyError, readNpySliceCount } from './npy-stack.ts';
export { sampleListEntries, writeSampleList } from './sample-list.ts';
export { writeTaskPhantomFiles, type GeneratedDataset, type GeneratedFormat } from './write-task-files.ts';
export {
  manifestColumns, readManifest, resolveManifestPath, tryFindManifest, writeManifest, OPTIONAL_COLUMNS, REQUIRED_COLUMNS,
  type Manifest, type ManifestEntry, type ManifestRow, type ReadManifestOptions,
} from './manifest.ts';
export { InvalidDatasetError, ManifestError, formatIssue, type ManifestIssue } from './manifest-error.ts';
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
