// Resolution = DEFAULTS ← spec ← profile ← sweep point (dinov2's "recipes list only what differs"):
// objects merge key by key, arrays and scalars replace, and the result is the full ResolvedExperiment.
import { closestMatch, didYouMeanSuffix } from './did-you-mean.ts';
import { DEFAULTS } from './defaults.ts';
import { SpecError } from './issues.ts';
import { cloneData, isPlainObject } from './json-pointer.ts';
import type { ExperimentSettings, ExperimentSpec, ResolvedExperiment, SweepValue } from './types.ts';

export interface ResolveOptions {
  /** Name of an entry of `spec.profiles` to apply on top of the spec. */
  profile?: string;
  /** File named in the SpecError thrown for an unknown profile. */
  file?: string;
}

/** The fields of a spec that are settings (identity, sweep and profiles are not merged). */
export function settingsOf(spec: ExperimentSpec): ExperimentSettings {
  const { name: _name, description: _description, sweep: _sweep, profiles: _profiles, ...settings } = spec;
  return settings;
}

/**
 * Deep-merges DEFAULTS ← spec ← profile. An unknown profile throws a SpecError listing the available ones.
 * `tracking.experiment` left empty becomes the spec's name. Never mutates its inputs.
 */
export function resolveSpec(spec: ExperimentSpec, options: ResolveOptions = {}): ResolvedExperiment {
  const layers: unknown[] = [DEFAULTS, settingsOf(spec)];
  if (options.profile !== undefined) layers.push(getProfile(spec, options.profile, options.file));
  const merged = layers.reduce<unknown>((base, overlay) => deepMerge(base, overlay), {}) as ExperimentSettings;
  return finalize({ ...merged, name: spec.name, description: spec.description ?? '' } as ResolvedExperiment);
}

/** A resolved spec with one sweep point applied (a copy; the input is untouched). */
export function applySweepPoint(resolved: ResolvedExperiment, point: Record<string, SweepValue>): ResolvedExperiment {
  const copy = cloneData(resolved);
  for (const [dottedPath, value] of Object.entries(point)) setPath(copy, dottedPath, value);
  return finalize(copy);
}

/**
 * Sets the field at a dotted path (e.g. "pretrain.ema.start") in place and returns the target.
 * The path must name an existing field, so a misspelt sweep key fails loudly instead of adding one.
 */
export function setPath<T extends object>(target: T, dottedPath: string, value: unknown): T {
  const segments = dottedPath.split('.');
  let node: unknown = target;
  for (const [depth, segment] of segments.entries()) {
    if (!isPlainObject(node) || !Object.hasOwn(node, segment)) {
      const where = segments.slice(0, depth).join('.') || '(root)';
      throw new Error(`setPath: "${dottedPath}" names no field ("${segment}" not found under ${where})`);
    }
    if (depth === segments.length - 1) node[segment] = value;
    else node = node[segment];
  }
  return target;
}

/** Objects merge recursively; anything else in the overlay (arrays, scalars, null) replaces. */
export function deepMerge(base: unknown, overlay: unknown): unknown {
  if (overlay === undefined) return cloneData(base);
  if (!isPlainObject(base) || !isPlainObject(overlay)) return cloneData(overlay);
  const result: Record<string, unknown> = cloneData(base);
  for (const [key, value] of Object.entries(overlay)) {
    if (value !== undefined) result[key] = deepMerge(result[key], value);
  }
  return result;
}

function getProfile(spec: ExperimentSpec, profile: string, file = '<spec>'): ExperimentSettings {
  const profiles = spec.profiles ?? {};
  if (Object.hasOwn(profiles, profile)) return profiles[profile];
  const available = Object.keys(profiles);
  const suggestion = closestMatch(profile, available);
  const list = available.length === 0 ? 'this spec defines no profiles' : `available: ${available.join(', ')}`;
  throw new SpecError([{
    file,
    path: '/profiles',
    message: `unknown profile "${profile}"${didYouMeanSuffix(suggestion)} (${list})`,
    suggestion,
  }]);
}

function finalize(resolved: ResolvedExperiment): ResolvedExperiment {
  if (isPlainObject(resolved.tracking) && resolved.tracking.experiment === '') resolved.tracking.experiment = resolved.name;
  return resolved;
}
