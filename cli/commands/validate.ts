// `bench validate`: load, validate, plan; print a one-line verdict.
import pc from 'picocolors';
import { loadExperiment } from '../load-spec.ts';

export async function validateCommand(file: string, opts: { profile?: string }): Promise<void> {
  const { spec, jobs } = await loadExperiment(file, opts.profile);
  process.stdout.write(`${pc.green('valid')}: ${file} — experiment "${spec.name}", ${jobs.length} job(s)\n`);
}
