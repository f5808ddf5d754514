// Semantic checks over every job a spec can produce (base and each profile, × each sweep point), each
// finding attributed to the text that caused it: a sweep value, else a profile field, else the spec.
import type { Finding } from './finding.ts';
import { formatValue } from './finding.ts';
import { dottedToPointer, tryGetAtPointer, isPlainObject, isWithin, toPointer } from './json-pointer.ts';
import { applySweepPoint, resolveSpec } from './resolve.ts';
import { semanticFindings } from './setting-checks.ts';
import type { SemanticOptions } from './setting-checks.ts';
import { expandGrid } from './sweep.ts';
import type { SweepPoint } from './sweep.ts';
import type { ExperimentSpec, ResolvedExperiment, SweepValue } from './types.ts';

/** Beyond this many (profile × point) combinations the rest are not checked, to bound validation time. */
const MAX_CHECKED_JOBS = 10_000;

export interface JobCheckInput {
  /** The spec document (an object; schema problems may remain). */
  raw: Record<string, unknown>;
  /** Sweep axes whose keys and values passed their own checks. */
  validAxes: Record<string, SweepValue[]>;
  /** Document pointers that already carry a schema finding: rules touching them are not re-reported. */
  schemaPaths: readonly string[];
  options: SemanticOptions;
}

export function jobFindings({ raw, validAxes, schemaPaths, options }: JobCheckInput): Finding[] {
  const spec = raw as unknown as ExperimentSpec;
  const profiles = isPlainObject(raw.profiles) ? Object.keys(raw.profiles).filter((p) => isPlainObject(profileOverlay(raw, p))) : [];
  const points = expandGrid(validAxes);
  const placed = new Map<string, Finding>();
  let checked = 0;
  for (const profile of [undefined, ...profiles]) {
    const base = resolveSpec(spec, { profile });
    for (const point of points) {
      if (++checked > MAX_CHECKED_JOBS) return [...placed.values()];
      const resolved = tryApplySweepPoint(base, point);
      if (resolved === undefined) continue;
      for (const finding of semanticFindings(resolved, options)) {
        if (touchesSchemaFinding(finding, profile, schemaPaths)) continue;
        const attributed = attribute(finding, raw, profile, point, validAxes);
        const key = `${attributed.path}\u0000${finding.message}`;
        if (!placed.has(key)) placed.set(key, attributed);
      }
    }
  }
  return [...placed.values()];
}

/** Undefined when the spec's own shape is broken where a sweep key points (a schema finding already says so). */
function tryApplySweepPoint(base: ResolvedExperiment, point: SweepPoint): ResolvedExperiment | undefined {
  try {
    return applySweepPoint(base, point);
  } catch {
    return undefined;
  }
}

function profileOverlay(raw: Record<string, unknown>, profile: string): unknown {
  return tryGetAtPointer(raw, toPointer(['profiles', profile]));
}

function attribute(
  finding: Finding,
  raw: Record<string, unknown>,
  profile: string | undefined,
  point: SweepPoint,
  axes: Record<string, SweepValue[]>,
): Finding {
  const fields = [finding.path, ...(finding.involves ?? [])];
  for (const field of fields) {
    const key = Object.keys(point).find((k) => related(field, dottedToPointer(k)));
    if (key !== undefined) {
      const index = axes[key].indexOf(point[key]);
      const inProfile = profile === undefined ? '' : ` in profile "${profile}"`;
      return { ...finding, path: toPointer(['sweep', key, index]), message: `with ${key} = ${formatValue(point[key])}${inProfile}: ${finding.message}` };
    }
  }
  if (profile !== undefined) {
    const overlay = profileOverlay(raw, profile);
    const field = fields.find((f) => tryGetAtPointer(overlay, f) !== undefined);
    if (field !== undefined) return { ...finding, path: toPointer(['profiles', profile]) + field };
  }
  const written = fields.find((f) => tryGetAtPointer(raw, f) !== undefined);
  return { ...finding, path: written ?? finding.path };
}

function touchesSchemaFinding(finding: Finding, profile: string | undefined, schemaPaths: readonly string[]): boolean {
  const fields = [finding.path, ...(finding.involves ?? [])];
  const documentPaths = profile === undefined ? fields : [...fields, ...fields.map((f) => toPointer(['profiles', profile]) + f)];
  return documentPaths.some((p) => schemaPaths.some((s) => related(p, s)));
}

function related(a: string, b: string): boolean {
  return isWithin(a, b) || isWithin(b, a);
}
