// What every data-set adapter yields before any image is decoded: one reference per image (or per frame of a
// multi-frame file), with its label, patient, exam and where the user declared it, for errors to point at.

export type SplitName = 'train' | 'test';

export interface SampleRef {
  /** The image as the user wrote it (manifest path) or relative to the data set's folder; `#n` marks a frame. */
  path: string;
  /** Absolute path of the file. */
  resolvedPath: string;
  /** Frame of a multi-frame DICOM or slice of a .npy stack; absent for a single-image file. */
  frame?: number;
  label: number;
  patientId: string;
  /** The exam (study) the image belongs to; an image that is its own exam carries its own path. */
  examId: string;
  modality: string;
  /** A fixed held-out split given by the data set; absent means train. */
  split?: SplitName;
  /** View or MRI plane (e.g. "sagittal"), where the data set says. */
  view?: string;
  /** The manifest or labels file (and line) that declared the sample; absent when the image file alone did. */
  listedIn?: string;
  line?: number;
}

/** An input left out under data.onInvalid = 'skip', stored with the run and logged to MLflow. */
export interface SkippedInput {
  /** The image file (or, for a problem with a declaration only, the file that declared it). */
  path: string;
  reason: string;
  /** The manifest or labels file and its line, when the input was declared there. */
  listedIn?: string;
  line?: number;
}

/** `path#frame` as written in manifests and sample lists. */
export function framePath(path: string, frame: number | undefined): string {
  return frame === undefined ? path : `${path}#${frame}`;
}
