// One latent severity per lesion drives all its signs (gap, thickening, signal, oedema, size), so partial
// tears are subtle on every sign at once. Ranges come from the task's `phantom.signs` (YAML), falling back
// to the defaults below; "mimics" are the look-alikes found in negative exams (mucoid meniscal
// degeneration, tendinosis, sprain signal) that keep a detector from keying on any bright spot.
import type { Rng } from '../../../../benchmarks/rng.ts';
import type { PhantomSignValue } from '../../../../benchmarks/tasks/task.ts';

export type Range = readonly [number, number];

export interface FindingRanges {
  partialShare: number;
  gapMm: Range;
  thickening: Range;
  signalGain: Range;
  oedema: Range;
  lesionMm: Range;
  courseFlattenDeg: Range;
  /** Width of a tear's fluid line (meniscal tear). */
  tearLineMm: Range;
  /** Share of the wedge, from the free edge, that a complete meniscal tear leaves truncated (fluid in its place). */
  truncation: Range;
  mimicShare: number;
}

const BASE: FindingRanges = {
  partialShare: 0.35,
  gapMm: [0, 8],
  thickening: [1.3, 1.9],
  signalGain: [0.3, 0.7],
  oedema: [0.15, 0.45],
  lesionMm: [8, 16],
  courseFlattenDeg: [0, 0],
  tearLineMm: [2, 2],
  truncation: [0, 0],
  mimicShare: 0.2,
};

/** Defaults per finding; the YAML of a task overrides any of them. */
export const FINDING_DEFAULTS: Readonly<Record<string, Partial<FindingRanges>>> = {
  'acl-tear': { partialShare: 0.3, gapMm: [0, 12], thickening: [1.2, 1.8], courseFlattenDeg: [0, 25], mimicShare: 0.15 },
  'pcl-tear': { partialShare: 0.5, gapMm: [0, 8], thickening: [1.3, 2] },
  'mcl-tear': { partialShare: 0.5, thickening: [1.5, 2.5], oedema: [0.2, 0.5] },
  'lcl-tear': { partialShare: 0.5, thickening: [1.5, 2.5], oedema: [0.2, 0.5] },
  'meniscus-tear': { partialShare: 0.3, lesionMm: [8, 16], signalGain: [0.6, 1], mimicShare: 0.3 },
  'cartilage-lesion': { partialShare: 0.4, lesionMm: [5, 14], signalGain: [0.5, 1], oedema: [0.1, 0.3], mimicShare: 0.1 },
  'bone-contusion': { partialShare: 0.3, lesionMm: [8, 22], oedema: [0.2, 0.55], mimicShare: 0.15 },
  'labrum-tear': { partialShare: 0.4, lesionMm: [8, 20], signalGain: [0.5, 1], gapMm: [0, 2.5], mimicShare: 0.25 },
  'cuff-tear': { partialShare: 0.4, gapMm: [0, 14], lesionMm: [8, 20], signalGain: [0.4, 0.9], mimicShare: 0.3 },
  'atfl-tear': { partialShare: 0.4, gapMm: [0, 8], thickening: [1.3, 2], mimicShare: 0.2 },
  'cfl-tear': { partialShare: 0.4, gapMm: [0, 8], thickening: [1.3, 2], mimicShare: 0.2 },
};

export interface LesionDraw {
  finding: string;
  /** Latent severity in [0, 1]: partial tears below 0.5, complete ones above 0.55. */
  severity: number;
  partial: boolean;
  gapMm: number;
  thickening: number;
  signalGain: number;
  oedema: number;
  lesionMm: number;
  courseFlattenDeg: number;
  tearLineMm: number;
  truncation: number;
  /** Uniform in [0, 1): picks the lesion's location among the finding's typical sites. */
  variant: number;
  /** A look-alike in a negative exam rather than the lesion. */
  mimic: boolean;
}

function isRange(value: PhantomSignValue | undefined): value is Range {
  return Array.isArray(value) && value.length === 2;
}

/** The finding's ranges with the task's sign parameters laid over the defaults. */
export function findingRanges(finding: string, signs: Readonly<Record<string, PhantomSignValue>> = {}): FindingRanges {
  const r: FindingRanges = { ...BASE, ...FINDING_DEFAULTS[finding] };
  for (const key of ['gapMm', 'thickening', 'signalGain', 'oedema', 'lesionMm', 'courseFlattenDeg', 'tearLineMm', 'truncation'] as const) {
    const v = signs[key];
    if (isRange(v)) r[key] = [v[0], v[1]];
  }
  if (typeof signs.partialShare === 'number') r.partialShare = signs.partialShare;
  if (typeof signs.mimicShare === 'number') r.mimicShare = signs.mimicShare;
  return r;
}

const at = (range: Range, t: number): number => range[0] + (range[1] - range[0]) * t;

export function drawLesion(finding: string, ranges: FindingRanges, rng: Rng): LesionDraw {
  const partial = rng.bernoulli(ranges.partialShare);
  const severity = partial ? rng.uniform(0.15, 0.5) : rng.uniform(0.55, 1);
  const jitter = (): number => Math.min(Math.max(severity + rng.normal(0, 0.1), 0), 1);
  return {
    finding,
    severity,
    partial,
    gapMm: partial ? 0 : at(ranges.gapMm, jitter()),
    thickening: at(ranges.thickening, jitter()),
    signalGain: at(ranges.signalGain, jitter()),
    oedema: at(ranges.oedema, jitter()),
    lesionMm: at(ranges.lesionMm, jitter()),
    courseFlattenDeg: partial ? 0 : at(ranges.courseFlattenDeg, jitter()),
    variant: rng.next(),
    // Drawn last, so that adding them left every earlier draw (and the exams of tasks that keep their defaults) as it was.
    tearLineMm: at(ranges.tearLineMm, jitter()),
    truncation: partial ? 0 : at(ranges.truncation, jitter()),
    mimic: false,
  };
}

/** A look-alike: faint signal with no discontinuity, no surface contact and no displacement. */
export function drawMimic(finding: string, ranges: FindingRanges, rng: Rng): LesionDraw {
  const severity = rng.uniform(0.1, 0.3);
  return {
    finding,
    severity,
    partial: true,
    gapMm: 0,
    thickening: 1 + (ranges.thickening[0] - 1) * 0.5,
    signalGain: ranges.signalGain[0] * 0.5,
    oedema: ranges.oedema[0] * 0.5,
    lesionMm: ranges.lesionMm[0] * 0.6,
    courseFlattenDeg: 0,
    variant: rng.next(),
    tearLineMm: ranges.tearLineMm[0],
    truncation: 0,
    mimic: true,
  };
}

/** What one exam shows: the lesions (the target's, its mimic, co-findings) by finding, and the effusion. */
export interface ExamFindings {
  /** The task's finding; its lesion (or mimic) is the one marked as evidence. */
  target: string;
  lesions: ReadonlyMap<string, LesionDraw>;
  /** Joint effusion in [0, 1] (0: a physiological film of fluid). */
  effusion: number;
}
