// Generates any registered task's synthetic cohort from its `phantom` section, by generator family:
// knee radiographs (KL), knee-radiograph prognosis, or MRI exams of the knee, hip, shoulder or ankle.
import type { TaskDefinition } from '../../../benchmarks/tasks/task.ts';
import { generateKlDataset, type KlDataset } from './kl-dataset.ts';
import { generateKneePrognosisCohort } from './knee-prognosis-cohort.ts';
import { generateMriCohort } from './mri/mri-cohort.ts';
import { validatePhantomOptions, type PhantomDataset, type PhantomOptions } from './phantom-dataset.ts';
import { siteShares } from './sites.ts';

/** What a caller (a spec) may set; the rest comes from the task's phantom section. */
export interface SyntheticTaskOptions {
  patients: number;
  imageSize: number;
  seed: number;
  /** Radiographs per patient or slices per exam (default: the task's `phantom.imagesPerPatient`). */
  imagesPerPatient?: number;
  /** Default: the task's documented `phantom.labelNoise`. */
  labelNoise?: number;
}

export function resolvePhantomOptions(task: TaskDefinition, o: SyntheticTaskOptions): PhantomOptions {
  const phantom = task.phantom;
  if (phantom === undefined) throw new Error(`task "${task.id}" has no synthetic phantom (its data source is ${task.source})`);
  const resolved: PhantomOptions = {
    patients: o.patients,
    imagesPerPatient: o.imagesPerPatient ?? phantom.imagesPerPatient,
    labelNoise: o.labelNoise ?? phantom.labelNoise,
    imageSize: o.imageSize,
    seed: o.seed,
  };
  validatePhantomOptions(resolved);
  return resolved;
}

function fromKlDataset(kl: KlDataset, sites: number): PhantomDataset {
  const shares = siteShares(sites);
  return {
    samples: kl.samples.map((s) => ({ ...s, examId: s.id })),
    patients: kl.patients.map((p) => ({
      patientId: p.patientId, label: p.label, trueLabel: p.trueLabel, site: p.site ?? 0, latent: { severity: p.signs.severity },
    })),
    sites: (kl.sites ?? []).map((s, site) => ({ site, share: shares[site], settings: { ...s } })),
  };
}

export function generateTaskPhantom(task: TaskDefinition, options: PhantomOptions): PhantomDataset {
  const phantom = task.phantom;
  if (phantom === undefined) throw new Error(`task "${task.id}" has no synthetic phantom`);
  switch (phantom.generator) {
    case 'knee-radiograph':
      return fromKlDataset(generateKlDataset({ ...options, prevalence: phantom.prevalence, sites: phantom.sites }), phantom.sites);
    case 'knee-prognosis':
      return generateKneePrognosisCohort(task, options);
    default:
      return generateMriCohort(task, options);
  }
}
