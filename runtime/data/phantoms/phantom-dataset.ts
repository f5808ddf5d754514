// The common shape of every synthetic task cohort (radiographs or MRI exams), which materialisation writes
// to disk and the preview draws from: images with patient and exam ids, recorded and true labels, plus per
// patient the site and the hidden variables that made the label (for ceilings and sanity checks).

export interface PhantomOptions {
  patients: number;
  /** Radiographs per patient, or slices per MRI exam. */
  imagesPerPatient: number;
  /** Probability that a patient's recorded label differs from the truth. */
  labelNoise: number;
  imageSize: number;
  seed: number;
}

export interface PhantomSample {
  id: string;
  patientId: string;
  /** One label per exam: every image of an exam carries the exam's label. */
  examId: string;
  label: number;
  trueLabel: number;
  modality: 'xray' | 'mri';
  /** imageSize², row-major, in [0, 1]. */
  pixels: Float32Array;
  /** MRI: plane and index of the slice within its plane's stack. */
  plane?: string;
  slice?: number;
  /** MRI: pixels of the slice covered by the task's finding (0 on slices that do not show it). */
  findingPixels?: number;
  /** MRI: the exam's slice in its main plane nearest where the finding is (or would be): the preview's pick. */
  key?: boolean;
}

export type LatentValue = number | string | boolean;

export interface PhantomPatient {
  patientId: string;
  label: number;
  trueLabel: number;
  site: number;
  /** Hidden variables behind the label (severity, progression rate, …), recorded in dataset.json. */
  latent: Record<string, LatentValue>;
}

export interface PhantomSiteRecord {
  site: number;
  share: number;
  settings: Record<string, LatentValue>;
}

export interface PhantomDataset {
  samples: PhantomSample[];
  patients: PhantomPatient[];
  sites: PhantomSiteRecord[];
}

export function patientIdOf(index: number, total: number): string {
  return `P${String(index + 1).padStart(Math.max(4, String(total).length), '0')}`;
}

export function validatePhantomOptions(o: PhantomOptions): void {
  const integer = (name: 'patients' | 'imagesPerPatient' | 'imageSize' | 'seed', min: number): void => {
    if (!Number.isInteger(o[name]) || o[name] < min) throw new RangeError(`${name} must be an integer ≥ ${min} (got ${o[name]})`);
  };
  integer('patients', 1);
  integer('imagesPerPatient', 1);
  integer('imageSize', 16);
  integer('seed', 0);
  if (!(o.labelNoise >= 0 && o.labelNoise <= 0.5)) throw new RangeError(`labelNoise must be in [0, 0.5] (got ${o.labelNoise})`);
}
