// Seeded cohorts for the knee-radiograph prognosis tasks (KL grade at 4 or 8 years, TKR within follow-up):
// true outcomes allocated by the task's prevalence, each patient's hidden course drawn until it ends in
// that outcome (rejection sampling keeps the course distribution natural given the outcome), and present
// radiographs rendered from the course's present signs at the patient's site.
import { Rng } from '../../../benchmarks/rng.ts';
import type { TaskDefinition } from '../../../benchmarks/tasks/task.ts';
import { drawKneeSignsAtSeverity } from './kl-signs.ts';
import { allocateClassCounts } from './kl-prevalence.ts';
import { drawKneeAnatomy, drawKneeExposure, drawKneePose, type KneeAnatomy } from './knee-params.ts';
import { drawKneeCourse, progressionModel, type KneeCourse, type ProgressionModel } from './knee-progression.ts';
import { recordBinaryLabel, recordOrdinalLabel } from './label-noise.ts';
import { patientIdOf, type PhantomDataset, type PhantomOptions, type PhantomPatient, type PhantomSample } from './phantom-dataset.ts';
import { drawSite, siteShares } from './sites.ts';
import { drawXraySite, renderAtSite } from './xray-site.ts';

const MAX_TRIES = 200_000;

function courseEndingIn(outcome: number, model: ProgressionModel, rng: Rng): KneeCourse {
  for (let k = 0; k < MAX_TRIES; k++) {
    const course = drawKneeCourse(model, rng.fork(`try:${k}`));
    if (course.outcome === outcome) return course;
  }
  throw new Error(`no knee course ends in outcome ${outcome} within ${MAX_TRIES} draws; check the progression parameters`);
}

/** Bone density falls with age: the one visible trace of the age factor behind TKR risk. */
function agedAnatomy(anatomy: KneeAnatomy, age: number, model: ProgressionModel): KneeAnatomy {
  return { ...anatomy, boneDensity: anatomy.boneDensity * (1 - (model.boneLossPerDecade * (age - 60)) / 10) };
}

export function generateKneePrognosisCohort(task: TaskDefinition, options: PhantomOptions): PhantomDataset {
  const phantom = task.phantom;
  if (phantom === undefined) throw new Error(`task "${task.id}" has no phantom`);
  const model = progressionModel(phantom.signs);
  const root = new Rng(options.seed).fork(`prognosis:${task.id}`);
  const counts = allocateClassCounts(options.patients, phantom.prevalence);
  const outcomes = root.fork('outcomes').shuffle(counts.flatMap((n, outcome) => new Array<number>(n).fill(outcome)));
  const shares = siteShares(phantom.sites);
  const sites = shares.map((_, k) => drawXraySite(root.fork(`site:${k}`)));
  const samples: PhantomSample[] = [];
  const patients: PhantomPatient[] = outcomes.map((outcome, i) => {
    const rng = root.fork(`patient:${i}`);
    const patientId = patientIdOf(i, options.patients);
    const course = courseEndingIn(outcome, model, rng.fork('course'));
    const site = drawSite(shares, rng.fork('site'));
    const anatomy = agedAnatomy(drawKneeAnatomy(rng.fork('anatomy')), course.age, model);
    const signs = drawKneeSignsAtSeverity(course.signSeverity, rng.fork('signs'));
    const mirrored = rng.fork('side').bernoulli(0.5);
    const reader = rng.fork('reader');
    const label = model.outcome === 'tkr'
      ? recordBinaryLabel(outcome, options.labelNoise, reader)
      : recordOrdinalLabel(outcome, task.labels.length, course.futureSeverity, options.labelNoise, reader);
    for (let visit = 0; visit < options.imagesPerPatient; visit++) {
      const image = rng.fork(`image:${visit}`);
      const params = { anatomy, signs, pose: drawKneePose(image, mirrored), exposure: drawKneeExposure(image) };
      const id = `${patientId}-v${visit + 1}`;
      samples.push({ id, patientId, examId: id, label, trueLabel: outcome, modality: 'xray', pixels: renderAtSite(params, options.imageSize, sites[site], image) });
    }
    return {
      patientId, label, trueLabel: outcome, site,
      latent: {
        baselineGrade: course.baselineGrade, severity: course.severity, rate: course.rate, fastProgressor: course.fast,
        age: course.age, futureSeverity: course.futureSeverity, futureGrade: course.futureGrade, tkrRisk: course.risk,
      },
    };
  });
  return { samples, patients, sites: sites.map((s, site) => ({ site, share: shares[site], settings: { ...s } })) };
}
