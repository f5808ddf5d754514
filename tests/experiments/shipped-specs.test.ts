// Every spec shipped in experiments/ validates and plans (STYLE principle 7), with and without its profiles.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadValidatedSpec } from '../../dsl/load-validated.ts';
import { planJobs } from '../../dsl/plan.ts';
import { listTasks } from '../../benchmarks/tasks/registry.ts';

const DIR = join(import.meta.dirname, '..', '..', 'experiments');
const files = readdirSync(DIR).filter((f) => /\.(ts|ya?ml)$/.test(f));

describe('shipped experiments', () => {
  it('exist', () => {
    expect(files).toContain('kl-grading.ts');
  });

  for (const file of files) {
    it(`${file} validates and plans, with every profile`, async () => {
      const { spec } = await loadValidatedSpec(join(DIR, file), { knownTasks: listTasks().map((t) => t.id) });
      const jobs = planJobs(spec);
      expect(jobs.length).toBeGreaterThan(0);
      for (const profile of Object.keys(spec.profiles ?? {})) {
        const profiled = planJobs(spec, { profile });
        expect(profiled).toHaveLength(jobs.length);
        expect(profiled[0].id).not.toBe(jobs[0].id);
      }
    });
  }
});
