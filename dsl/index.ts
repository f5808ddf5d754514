// Public face of the DSL layer (the bottom layer: it imports nothing else of ours): types and
// defaults, defineExperiment for TS specs, and the load → validate → resolve → plan pipeline.
export type * from './types.ts';
export { DEFAULTS } from './defaults.ts';
export type { Defaults } from './defaults.ts';
export { VIT_PRESETS } from './presets.ts';
export type { VitDims } from './presets.ts';
export { defineExperiment } from './define.ts';
export { loadSpecFile } from './load.ts';
export { loadYamlSpec } from './load-yaml.ts';
export { loadValidatedSpec } from './load-validated.ts';
export type { ValidatedSpec } from './load-validated.ts';
export type { LoadedSpec, SourcePosition } from './loaded-spec.ts';
export { formatIssue, SpecError } from './issues.ts';
export type { SpecIssue } from './issues.ts';
export { validateSpec } from './validate.ts';
export type { ValidateOptions } from './validate.ts';
export { applySweepPoint, deepMerge, resolveSpec, setPath } from './resolve.ts';
export type { ResolveOptions } from './resolve.ts';
export { expandGrid, gridSize } from './sweep.ts';
export type { SweepPoint } from './sweep.ts';
export { planJobs } from './plan.ts';
export type { Job, PlanOptions } from './plan.ts';
export { canonicalJson, jobIdOf } from './job-id.ts';
export { ASSUMED_GFLOP_PER_SECOND, ASSUMED_MANIFEST_IMAGES, estimateJobCost, vitForwardFlops } from './cost.ts';
export type { CostOptions, JobCost } from './cost.ts';
export { EXPERIMENT_SCHEMA } from './schema.ts';
