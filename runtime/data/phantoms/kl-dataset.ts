// Seeded synthetic cohort for 5-class Kellgren–Lawrence grading: one knee (and one grade) per patient, seen at
// `imagesPerPatient` nearby visits that differ only in pose, exposure and noise.
//
// Label noise: with probability `labelNoise` a patient's recorded grade is moved to an adjacent grade (towards
// the side its latent severity leans), as readers disagree on borderline knees. Every flip changes the label,
// so a perfect grader scores at most 1 − labelNoise accuracy against the recorded labels (0.90 at the
// default 0.1), before the overlap of signs between adjacent grades lowers the ceiling further.
import { Rng } from '../../../benchmarks/rng.ts';
import { drawKneeSigns } from './kl-signs.ts';
import { allocateClassCounts } from './kl-prevalence.ts';
import {
  drawKneeAnatomy, drawKneeExposure, drawKneePose, KL_GRADES, type KlGrade, type KneeAnatomy, type KneeSigns,
} from './knee-params.ts';
import { renderKneeRadiograph } from './knee-radiograph.ts';
import { drawSite, siteShares } from './sites.ts';
import { drawXraySite, renderAtSite, type XraySite } from './xray-site.ts';

export interface KlDatasetOptions {
  patients: number;
  imagesPerPatient: number;
  /** Probability that a patient's recorded grade is an adjacent one, in [0, 0.5]. */
  labelNoise: number;
  imageSize: number;
  seed: number;
  /** Class shares of the true grades (default: OAI baseline, kl-prevalence.ts). */
  prevalence?: readonly number[];
  /** Number of sites (detectors) patients are spread over; absent: per-image exposure variation only. */
  sites?: number;
}

export interface KlSample {
  id: string;
  patientId: string;
  /** Recorded grade (possibly noisy); the one a model is trained and scored on. */
  label: number;
  trueLabel: number;
  modality: 'xray';
  pixels: Float32Array;
}

export interface KlPatient {
  patientId: string;
  label: number;
  trueLabel: KlGrade;
  mirrored: boolean;
  anatomy: KneeAnatomy;
  signs: KneeSigns;
  /** Site index when the cohort has sites. */
  site?: number;
}

export interface KlDataset {
  samples: KlSample[];
  patients: KlPatient[];
  /** Site settings, when the cohort has sites. */
  sites?: XraySite[];
}

export function validateKlDatasetOptions(o: KlDatasetOptions): void {
  const integer = (name: 'patients' | 'imagesPerPatient' | 'imageSize' | 'seed', min: number): void => {
    if (!Number.isInteger(o[name]) || o[name] < min) throw new RangeError(`${name} must be an integer ≥ ${min} (got ${o[name]})`);
  };
  integer('patients', 1);
  integer('imagesPerPatient', 1);
  integer('imageSize', 8);
  integer('seed', 0);
  if (!(o.labelNoise >= 0 && o.labelNoise <= 0.5)) throw new RangeError(`labelNoise must be in [0, 0.5] (got ${o.labelNoise})`);
  if (o.sites !== undefined && !(Number.isInteger(o.sites) && o.sites >= 1)) throw new RangeError(`sites must be an integer ≥ 1 (got ${o.sites})`);
  if (o.prevalence !== undefined && o.prevalence.length !== KL_GRADES.length) throw new RangeError(`prevalence needs ${KL_GRADES.length} shares (got ${o.prevalence.length})`);
}

/** An adjacent grade, towards the side the latent severity leans (edge grades have one neighbour). */
function adjacentGrade(grade: KlGrade, severity: number, rng: Rng): number {
  if (grade === 0) return 1;
  if (grade === 4) return 3;
  const pUp = Math.min(Math.max(0.5 + (severity - grade), 0), 1);
  return rng.bernoulli(pUp) ? grade + 1 : grade - 1;
}

function patientId(index: number, total: number): string {
  return `P${String(index + 1).padStart(Math.max(4, String(total).length), '0')}`;
}

function drawPatient(index: number, total: number, grade: KlGrade, labelNoise: number, rng: Rng): KlPatient {
  const anatomy = drawKneeAnatomy(rng.fork('anatomy'));
  const signs = drawKneeSigns(grade, rng.fork('signs'));
  const reader = rng.fork('reader');
  const label = reader.bernoulli(labelNoise) ? adjacentGrade(grade, signs.severity, reader) : grade;
  return { patientId: patientId(index, total), label, trueLabel: grade, mirrored: rng.fork('side').bernoulli(0.5), anatomy, signs };
}

/** Deterministic in `seed`: the same options give identical pixels. */
export function generateKlDataset(options: KlDatasetOptions): KlDataset {
  validateKlDatasetOptions(options);
  const { patients: count, imagesPerPatient, labelNoise, imageSize, seed } = options;
  const root = new Rng(seed).fork('kl-dataset');
  const grades = allocateClassCounts(count, options.prevalence).flatMap((n, grade) => new Array<KlGrade>(n).fill(KL_GRADES[grade]));
  const shuffled = root.fork('grades').shuffle(grades);
  const patients = shuffled.map((grade, i) => drawPatient(i, count, grade, labelNoise, root.fork(`patient:${i}`)));
  // Sites draw from their own forks, so a cohort without sites renders exactly as before they existed.
  const shares = options.sites === undefined ? undefined : siteShares(options.sites);
  const sites = shares?.map((_, k) => drawXraySite(root.fork(`site:${k}`)));
  if (shares) patients.forEach((p, i) => (p.site = drawSite(shares, root.fork(`patient:${i}`).fork('site'))));
  const samples: KlSample[] = [];
  patients.forEach((p, i) => {
    for (let visit = 0; visit < imagesPerPatient; visit++) {
      const rng = root.fork(`image:${i}:${visit}`);
      const params = { anatomy: p.anatomy, signs: p.signs, pose: drawKneePose(rng, p.mirrored), exposure: drawKneeExposure(rng) };
      const site = sites && p.site !== undefined ? sites[p.site] : undefined;
      samples.push({
        id: `${p.patientId}-v${visit + 1}`,
        patientId: p.patientId,
        label: p.label,
        trueLabel: p.trueLabel,
        modality: 'xray',
        pixels: site ? renderAtSite(params, imageSize, site, rng) : renderKneeRadiograph(params, imageSize, rng),
      });
    }
  });
  return { samples, patients, ...(sites ? { sites } : {}) };
}
