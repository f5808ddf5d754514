// Seeded cohort of MRI exams for a binary finding task: true labels allocated by the task's prevalence,
// one exam (several slices in the task's planes) per patient at one of a few sites, the finding (or, in
// some negatives, a look-alike) and correlated co-findings and effusion, then reader noise on the label.
import { Rng } from '../../../../benchmarks/rng.ts';
import type { TaskDefinition, TaskPhantom } from '../../../../benchmarks/tasks/task.ts';
import { allocateClassCounts } from '../kl-prevalence.ts';
import { recordBinaryLabel } from '../label-noise.ts';
import { patientIdOf, type PhantomDataset, type PhantomOptions, type PhantomPatient, type PhantomSample } from '../phantom-dataset.ts';
import { drawSite, siteShares } from '../sites.ts';
import { drawScanPose, planSlices, renderExam, type PlannedSlice } from './exam.ts';
import { drawLesion, drawMimic, findingRanges, type ExamFindings, type LesionDraw } from './lesion-draw.ts';
import { mriJoint } from './mri-joints.ts';
import { drawExamAcquisition, drawMriSite } from './mri-site.ts';
import { MRI_PLANES, type MriScene } from './scene.ts';

const DEFAULT_EFFUSION: readonly [number, number] = [0.15, 0.5];
/** A slice shows the finding when at least this many of its pixels are covered by it. */
export const FINDING_VISIBLE_PIXELS = 2;

function examFindings(phantom: TaskPhantom, positive: boolean, rng: Rng): ExamFindings {
  const finding = String(phantom.signs.finding);
  const ranges = findingRanges(finding, phantom.signs);
  const lesions = new Map<string, LesionDraw>();
  if (positive) lesions.set(finding, drawLesion(finding, ranges, rng.fork('lesion')));
  else if (rng.fork('mimic').bernoulli(ranges.mimicShare)) lesions.set(finding, drawMimic(finding, ranges, rng.fork('lesion')));
  const co = (phantom.signs.coFindings ?? {}) as Readonly<Record<string, readonly number[]>>;
  for (const [other, [ifNegative, ifPositive]] of Object.entries(co)) {
    if (rng.fork(`co:${other}`).bernoulli(positive ? ifPositive : ifNegative)) {
      lesions.set(other, drawLesion(other, findingRanges(other), rng.fork(`co-lesion:${other}`)));
    }
  }
  const [ifNegative, ifPositive] = (phantom.signs.effusion as readonly number[] | undefined) ?? DEFAULT_EFFUSION;
  const effusionRng = rng.fork('effusion');
  const effusion = effusionRng.bernoulli(positive ? ifPositive : ifNegative) ? effusionRng.uniform(0.5, 1) : effusionRng.uniform(0, 0.25);
  return { target: finding, lesions, effusion };
}

/** The slice of the main plane (largest share) passing nearest the scene's focus. */
function keySliceIndex(plan: readonly PlannedSlice[], planes: Readonly<Record<string, number>>, scene: MriScene, mirrored: boolean): number {
  const main = MRI_PLANES.reduce((best, p) => ((planes[p] ?? 0) > (planes[best] ?? 0) ? p : best), MRI_PLANES[0]);
  const axis = MRI_PLANES.indexOf(main);
  const target = axis === 0 && mirrored ? 2 * scene.centre[0] - scene.focus[0] : scene.focus[axis];
  let best = 0;
  plan.forEach((s, k) => {
    if (s.plane === main && (plan[best].plane !== main || Math.abs(s.positionMm - target) < Math.abs(plan[best].positionMm - target))) best = k;
  });
  return best;
}

export function generateMriCohort(task: TaskDefinition, options: PhantomOptions): PhantomDataset {
  const phantom = task.phantom;
  if (phantom === undefined || phantom.planes === undefined) throw new Error(`task "${task.id}" has no MRI phantom`);
  const joint = mriJoint(phantom.generator);
  const root = new Rng(options.seed).fork(`mri:${task.id}`);
  const counts = allocateClassCounts(options.patients, phantom.prevalence);
  const labels = root.fork('labels').shuffle(counts.flatMap((n, label) => new Array<number>(n).fill(label)));
  const shares = siteShares(phantom.sites);
  const sites = shares.map((share, k) => ({ share, settings: drawMriSite(root.fork(`site:${k}`)) }));
  const samples: PhantomSample[] = [];
  const patients: PhantomPatient[] = labels.map((trueLabel, i) => {
    const rng = root.fork(`patient:${i}`);
    const patientId = patientIdOf(i, options.patients);
    const examId = `${patientId}-MR1`;
    const site = drawSite(shares, rng.fork('site'));
    const findings = examFindings(phantom, trueLabel === 1, rng.fork('findings'));
    const scene = joint.scene(rng.fork('anatomy'), findings);
    const plan = planSlices(scene, phantom.planes ?? {}, options.imagesPerPatient, rng.fork('plan'));
    const acquisition = drawExamAcquisition(sites[site].settings, rng.fork('acquisition'));
    const pose = drawScanPose(rng.fork('pose'));
    const slices = renderExam(scene, pose, plan, acquisition, options.imageSize, rng.fork('noise'));
    const key = keySliceIndex(plan, phantom.planes ?? {}, scene, pose.mirrored);
    const label = recordBinaryLabel(trueLabel, options.labelNoise, rng.fork('reader'));
    for (const s of slices) {
      samples.push({
        id: `${examId}-${s.plane.slice(0, 3)}${String(s.index + 1).padStart(2, '0')}`,
        patientId, examId, label, trueLabel, modality: 'mri', pixels: s.pixels, plane: s.plane, slice: s.index, findingPixels: s.findingPixels,
      });
    }
    samples[samples.length - slices.length + key].key = true;
    const target = findings.lesions.get(findings.target);
    return {
      patientId, label, trueLabel, site,
      latent: {
        severity: target && !target.mimic ? target.severity : 0,
        partial: target?.partial ?? false,
        mimic: target?.mimic ?? false,
        effusion: findings.effusion,
        coFindings: [...findings.lesions.keys()].filter((f) => f !== findings.target).join(' '),
        findingSlices: slices.filter((s) => s.findingPixels >= FINDING_VISIBLE_PIXELS).length,
      },
    };
  });
  return { samples, patients, sites: sites.map((s, site) => ({ site, share: s.share, settings: { ...s.settings } })) };
}
