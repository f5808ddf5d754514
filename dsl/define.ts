// `defineExperiment` only adds typing (like vitest's defineConfig): editors complete and check the
// fields of a TypeScript spec, and the value is returned unchanged for the loader to validate.
import type { ExperimentSpec } from './types.ts';

export function defineExperiment(spec: ExperimentSpec): ExperimentSpec {
  return spec;
}
