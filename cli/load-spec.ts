// Load → validate → plan, shared by validate/plan/run. Every spec problem is reported at once (SpecError).
import { loadValidatedSpec } from '../dsl/load-validated.ts';
import { planJobs, type Job } from '../dsl/plan.ts';
import type { ExperimentSpec } from '../dsl/types.ts';
import { taskOptions } from './task-options.ts';

export interface LoadedExperiment {
  file: string;
  spec: ExperimentSpec;
  jobs: Job[];
}

export async function loadExperiment(file: string, profile?: string): Promise<LoadedExperiment> {
  const { spec } = await loadValidatedSpec(file, taskOptions());
  return { file, spec, jobs: planJobs(spec, { profile, file }) };
}
