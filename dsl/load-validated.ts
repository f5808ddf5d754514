// The usual front door for commands: load a spec file and validate it, throwing one SpecError that
// lists every problem, so callers receive a spec they can resolve and plan.
import { SpecError } from './issues.ts';
import { loadSpecFile } from './load.ts';
import type { LoadedSpec } from './loaded-spec.ts';
import type { ExperimentSpec } from './types.ts';
import { validateSpec } from './validate.ts';
import type { ValidateOptions } from './validate.ts';

export interface ValidatedSpec {
  loaded: LoadedSpec;
  spec: ExperimentSpec;
}

export async function loadValidatedSpec(path: string, options: ValidateOptions = {}): Promise<ValidatedSpec> {
  const loaded = await loadSpecFile(path);
  const issues = validateSpec(loaded, options);
  if (issues.length > 0) throw new SpecError(issues);
  return { loaded, spec: loaded.raw as ExperimentSpec };
}
