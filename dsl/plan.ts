// Planning expands a spec into its jobs: resolve (defaults ← spec ← profile), then one job per sweep
// grid point, each identified by the hash of its resolved spec. Pure, deterministic; jobs are frozen.
import { jobIdOf } from './job-id.ts';
import { applySweepPoint, resolveSpec } from './resolve.ts';
import type { ResolveOptions } from './resolve.ts';
import { expandGrid } from './sweep.ts';
import type { ExperimentSpec, ResolvedExperiment, SweepValue } from './types.ts';

export interface Job {
  /** First 12 hex digits of sha256 of the canonical JSON (sorted keys) of `spec`. */
  id: string;
  /** Position in the grid: keys in written order, last key varying fastest. */
  index: number;
  /** The sweep values of this job, keyed by dotted field path ({} without a sweep). */
  sweepPoint: Record<string, SweepValue>;
  /** The fully resolved spec the job runs; stored beside its results. */
  spec: ResolvedExperiment;
}

export type PlanOptions = ResolveOptions;

/** The jobs of a (validated) spec. Throws if two grid points resolve to the same spec. */
export function planJobs(spec: ExperimentSpec, options: PlanOptions = {}): Job[] {
  const base = resolveSpec(spec, options);
  const firstIndexOfId = new Map<string, number>();
  return expandGrid(spec.sweep).map((sweepPoint, index) => {
    const resolved = applySweepPoint(base, sweepPoint);
    const id = jobIdOf(computedPart(resolved));
    const earlier = firstIndexOfId.get(id);
    if (earlier !== undefined) {
      throw new Error(`planJobs: sweep points ${earlier} and ${index} resolve to the same spec (job ${id}); remove the repeated value`);
    }
    firstIndexOfId.set(id, index);
    return deepFreeze({ id, index, sweepPoint, spec: resolved });
  });
}

/** The resolved spec minus what only describes, routes or safeguards a job's results. */
export type ComputedSpec = Omit<ResolvedExperiment, 'description' | 'tracking' | 'gates' | 'select' | 'pretrain'> & {
  pretrain: Omit<ResolvedExperiment['pretrain'], 'checkpointEvery' | 'collapse'>;
};

/**
 * What a job computes: the resolved spec without the fields that only describe or route its results
 * (description, tracking target, CI gates), that only `bench select` reads (select), or that guard the run
 * without changing its numbers (checkpoint interval, collapse action), so editing those never invalidates
 * finished work or strands a checkpoint.
 */
export function computedPart(resolved: ResolvedExperiment): ComputedSpec {
  const { description: _description, tracking: _tracking, gates: _gates, select: _select, pretrain, ...rest } = resolved;
  const { checkpointEvery: _every, collapse: _collapse, ...computedPretrain } = pretrain;
  return { ...rest, pretrain: computedPretrain };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
